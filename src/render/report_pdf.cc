#include "render/report_pdf.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "render/chart.h"
#include "render/pdf_doc.h"
#include "render/survey_chart.h"

namespace bb::render {

namespace {

using namespace pdf;  // the shared PDF machinery (render/pdf_doc.h)

constexpr Colour kTint{0xed / 255.0, 0xf3 / 255.0, 0xf9 / 255.0};  // key-figure boxes

struct KeyFigure {
  std::string label;
  std::string value;
  std::string detail;     // previous year and change
  std::string unit = "";  // set smaller after the value ("arbejdsdage")
};

// Page numbers found by the first pass, used by the second (table of contents, footers).
struct Pagination {
  std::vector<int> section_pages;
  int total_pages = 0;
};

// The footer of every page after the cover.
Footer report_footer(const Report& r, const Messages& m) {
  return {fill(m.text("da", "report_render.footer"),
               {{"year", std::to_string(r.year)}, {"office", r.office_name}}),
          m.text("da", "report_render.page"), 2};
}

class ReportWriter : public Document {
 public:
  ReportWriter(cairo_surface_t* surface, const Report& r, const Messages& m, const Pagination* known)
      : Document(surface, known ? Pass::kDraw : Pass::kMeasure, known ? known->total_pages : 0,
                 report_footer(r, m)),
        r_(r),
        m_(m),
        known_(known) {
    current_label_ = r.current.period.label.empty() ? std::to_string(r.year) : r.current.period.label;
    previous_label_ = r.previous.period.label.empty() ? std::to_string(r.year - 1) : r.previous.period.label;
  }

  Pagination run();

 private:
  std::string t(const std::string& key) const { return m_.text("da", "report_render." + key); }
  std::string label_of(const std::string& vocabulary, const std::string& code) const {
    const std::string key = vocabulary + "." + code;
    const std::string text = m_.text("da", key);
    return text == key ? code : text;
  }

  // Blocks.
  void cover();
  void contents(const std::vector<std::string>& titles);
  void heading(size_t index, const std::string& title, double keep_with);
  void key_figures(const std::vector<KeyFigure>& figures);
  double key_figures_height(const std::vector<KeyFigure>& figures) const;
  TableData figure_table(const Table& tb, const Table* previous, const Cell* total) const;
  bool has_chart(const Table& tb, const Table* previous, double chart_h) const;
  double figure_height(const Table& tb, const Table* previous, const Cell* total) const;
  void figure(const Table& tb, const Table* previous, const Cell* total);

  // Sections.
  void section_cases();
  void section_table(const Table& tb, const Table& previous, const Cell* total);
  void section_rejected();
  void section_durations();
  void section_criticism();
  void section_recommendations();
  void section_investigations();
  void section_activities();
  void section_complaints();
  void section_stories();
  void section_survey();

  // Figures.
  std::string change_text(const Cell& current, const Cell& previous) const {
    auto c = change_percent(current, previous);
    return c ? format_change(*c) : "–";
  }
  std::string share_text(const Cell& part, const Cell* whole) const {
    if (!whole) return "";
    auto p = percent(part, *whole);
    return p ? format_percent(*p) : "–";
  }
  KeyFigure key(const std::string& label, const Cell& current, const Cell& previous) const {
    const std::string detail = fill(t("compare"), {{"previous", previous_label_},
                                                   {"value", format_count(previous, r_.threshold)},
                                                   {"change", change_text(current, previous)}});
    return {label, format_count(current, r_.threshold), detail};
  }
  ChartText chart_text() const {
    return {current_label_, previous_label_,
            fill(t("chart_desc"), {{"current", current_label_}, {"previous", previous_label_}})};
  }

  const Report& r_;
  const Messages& m_;
  const Pagination* known_;  // null in the measuring pass
  std::string current_label_, previous_label_;
  Pagination found_;
};

// --- blocks -------------------------------------------------------------------------------------

void ReportWriter::heading(size_t index, const std::string& title, double keep_with) {
  const int page = section_heading(title, keep_with);
  if (found_.section_pages.size() <= index) found_.section_pages.resize(index + 1, 0);
  found_.section_pages[index] = page;
}

// Key figures: boxes a third of the text width wide, three to a row.
constexpr double kFigureGap = 12;
constexpr double kFigureW = (kWidth - 2 * kFigureGap) / 3;
const Style kFigureValue{20, true, kBlue};
const Style kFigureUnit{10, true, kBlue};
const Style kFigureLabel{9, true, kInk, 1.15};
const Style kFigureDetail{8, false, kMuted, 1.15};

double ReportWriter::key_figures_height(const std::vector<KeyFigure>& figures) const {
  double h = 0;
  for (const KeyFigure& f : figures) {
    Text v(ctx_, f.value, kFigureValue, kFigureW - 24);
    Text l(ctx_, f.label, kFigureLabel, kFigureW - 24);
    Text d(ctx_, f.detail, kFigureDetail, kFigureW - 24);
    h = std::max(h, 12 + v.height() + 2 + l.height() + 3 + d.height() + 12);
  }
  return h;
}

void ReportWriter::key_figures(const std::vector<KeyFigure>& all) {
  for (size_t from = 0; from < all.size(); from += 3) {
    const std::vector<KeyFigure> figures(all.begin() + from, all.begin() + std::min(all.size(), from + 3));
    const double h = key_figures_height(figures);
    place(h);
    for (size_t i = 0; i < figures.size(); ++i) {
      const double x = kLeft + i * (kFigureW + kFigureGap);
      cairo_set_source_rgb(cr_, kTint.r, kTint.g, kTint.b);
      cairo_rectangle(cr_, x, y_, kFigureW, h);
      cairo_fill(cr_);
      cairo_set_source_rgb(cr_, kBlue.r, kBlue.g, kBlue.b);
      cairo_rectangle(cr_, x, y_, 4, h);
      cairo_fill(cr_);
      Text v(ctx_, figures[i].value, kFigureValue, kFigureW - 24);
      Text l(ctx_, figures[i].label, kFigureLabel, kFigureW - 24);
      Text d(ctx_, figures[i].detail, kFigureDetail, kFigureW - 24);
      Tag tag(cr_, "P");
      double yy = y_ + 12;
      v.draw(cr_, x + 14, yy);
      if (!figures[i].unit.empty()) {
        // On the value's baseline, after it.
        Text u(ctx_, figures[i].unit, kFigureUnit, 0);
        const double base_v = pango_layout_get_baseline(v.get()) / static_cast<double>(PANGO_SCALE);
        const double base_u = pango_layout_get_baseline(u.get()) / static_cast<double>(PANGO_SCALE);
        u.draw(cr_, x + 14 + v.width() + 4, yy + base_v - base_u);
      }
      yy += v.height() + 2;
      l.draw(cr_, x + 14, yy);
      yy += l.height() + 3;
      d.draw(cr_, x + 14, yy);
    }
    y_ += h + (from + 3 < all.size() ? kFigureGap : 14);
  }
}

// The numbers of a report table: label, this year, last year, change (and the share of
// `total` when given).
TableData ReportWriter::figure_table(const Table& tb, const Table* previous, const Cell* total) const {
  TableData data;
  data.columns = {{"", 0, false}, {current_label_, 60}, {previous_label_, 60}, {t("change"), 76}};
  if (total) data.columns.push_back({fill(t("share_of"), {{"period", current_label_}}), 66});
  for (const PairedRow& pr : pair_rows(tb, previous)) {
    const Cell prev = pr.previous.value_or(Cell{});
    std::vector<std::string> row{pr.label, format_count(pr.current, r_.threshold),
                                 format_count(prev, r_.threshold), change_text(pr.current, prev)};
    if (total) row.push_back(share_text(pr.current, total));
    data.rows.push_back(std::move(row));
  }
  return data;
}

// A chart is drawn when the table asks for one, it has a bar to show (not only zeros and
// "< 5") and it fits on a page.
bool ReportWriter::has_chart(const Table& tb, const Table* previous, double chart_h) const {
  auto has_bar = [](const Table* t) {
    return t && std::any_of(t->rows.begin(), t->rows.end(),
                            [](const Row& r) { return !r.count.suppressed && r.count.n > 0; });
  };
  return tb.chart && !tb.rows.empty() && (has_bar(&tb) || has_bar(previous)) &&
         chart_h < (kBottom - kTop) - 80;
}

// The height of figure(): title, chart, caption and table.
double ReportWriter::figure_height(const Table& tb, const Table* previous, const Cell* total) const {
  const double chart_h = bar_chart_height(kWidth, tb, previous, r_.threshold, chart_text());
  double h = 12 + Text(ctx_, tb.title, kH3, kWidth).height();
  if (tb.rows.empty() && (!previous || previous->rows.empty())) return h + 30;
  if (has_chart(tb, previous, chart_h)) {
    h += chart_h + 2 + 12 + Text(ctx_, t("chart_numbers"), kCaption, kWidth).height();
  }
  return h + measure(figure_table(tb, previous, total)).total;
}

// One report table: its title, the bar chart, and the table of its numbers, kept on one page
// when they fit on one.
void ReportWriter::figure(const Table& tb, const Table* previous, const Cell* total) {
  const ChartText ct = chart_text();
  const double chart_h = bar_chart_height(kWidth, tb, previous, r_.threshold, ct);
  const bool chart = has_chart(tb, previous, chart_h);
  const double whole = figure_height(tb, previous, total);
  if (!just_headed_ && whole <= kBottom - kTop && whole > room()) new_page();
  subheading(tb.title, kH3, "H2");
  if (tb.rows.empty() && (!previous || previous->rows.empty())) {
    note(t("none"));
    gap(10);
    return;
  }
  if (chart) {
    place(chart_h);
    Tag tag(cr_, "Figure");
    draw_bar_chart(cr_, kLeft, y_, kWidth, tb, previous, r_.threshold, ct, chart_font_);
    y_ += chart_h + 2;
    subheading(t("chart_numbers"), kCaption, "Caption");
  }
  const TableData data = figure_table(tb, previous, total);
  table(data.columns, data.rows);
}

// --- cover and contents ---------------------------------------------------------------------

void ReportWriter::cover() {
  const double band = 360;
  cairo_set_source_rgb(cr_, kBlue.r, kBlue.g, kBlue.b);
  cairo_rectangle(cr_, 0, 0, kPageW, band);
  cairo_fill(cr_);

  // Drawn in reading order: the title first.
  Text title(ctx_, fill(t("cover_title"), {{"year", std::to_string(r_.year)}}), Style{38, true, kWhite, 1.05},
             kWidth);
  {
    Tag tag(cr_, "H1");
    title.draw(cr_, kLeft, band - 60 - title.height());
  }
  Text office(ctx_, r_.office_name, Style{14, true, kWhite, 1.2}, kWidth);
  Text municipality(ctx_, r_.municipality, Style{12, false, kCoverTint, 1.2}, kWidth);
  {
    Tag tag(cr_, "P");
    office.draw(cr_, kLeft, 84);
    municipality.draw(cr_, kLeft, 84 + office.height() + 4);
  }
  cairo_set_source_rgb(cr_, kWhite.r, kWhite.g, kWhite.b);
  cairo_rectangle(cr_, kLeft, band - 44, 60, 4);
  cairo_fill(cr_);

  y_ = band + 48;
  Text figures_title(ctx_, t("cover_figures"), kH2, kWidth);
  {
    Tag tag(cr_, "H2");
    figures_title.draw(cr_, kLeft, y_);
  }
  y_ += figures_title.height() + 10;
  int64_t activities = 0, activities_before = 0;
  for (const ActivityTotals& a : r_.current.activities) activities += a.count;
  for (const ActivityTotals& a : r_.previous.activities) activities_before += a.count;
  key_figures({key(t("cases_total"), r_.current.cases_total, r_.previous.cases_total),
               key(t("recommendations_issued"), r_.current.recommendations_issued,
                   r_.previous.recommendations_issued),
               key(t("activities_count"), Cell{activities, false}, Cell{activities_before, false})});

  Text foot(ctx_, fill(t("cover_note"), {{"office", r_.office_name}, {"municipality", r_.municipality}}),
            Style{9, false, kMuted, 1.3}, kWidth);
  Tag tag(cr_, "P");
  foot.draw(cr_, kLeft, kPageH - 70 - foot.height());
}

void ReportWriter::contents(const std::vector<std::string>& titles) {
  Text h(ctx_, t("toc"), kH1, kWidth);
  {
    Tag tag(cr_, "H1");
    h.draw(cr_, kLeft, y_);
  }
  y_ += h.height() + 5;
  cairo_set_source_rgb(cr_, kBlue.r, kBlue.g, kBlue.b);
  cairo_rectangle(cr_, kLeft, y_, 44, 2.5);
  cairo_fill(cr_);
  y_ += 22;
  std::optional<Tag> toc;
  toc.emplace(cr_, "TOC");
  for (size_t i = 0; i < titles.size(); ++i) {
    Tag item(cr_, "TOCI");
    const int page = known_ && i < known_->section_pages.size() ? known_->section_pages[i] : 0;
    Text title(ctx_, titles[i], Style{11, false, kInk}, kWidth - 60);
    Text number(ctx_, std::to_string(page), Style{11, false, kInk}, 40, PANGO_ALIGN_RIGHT);
    const double h = title.height();
    if (known_) {
      const std::string attrs =
          "rect=[" + std::to_string(kLeft) + " " + std::to_string(y_ - 3) + " " + std::to_string(kWidth) +
          " " + std::to_string(h + 6) + "] page=" + std::to_string(page) + " pos=[" +
          std::to_string(static_cast<int>(kLeft)) + " " + std::to_string(static_cast<int>(kTop)) + "]";
      cairo_tag_begin(cr_, CAIRO_TAG_LINK, attrs.c_str());
    }
    title.draw(cr_, kLeft, y_);
    // Dot leaders from the end of the title to the page number.
    const double from = kLeft + title.width() + 6;
    const double to = kLeft + kWidth - 40 - 4;
    cairo_set_source_rgb(cr_, kMuted.r, kMuted.g, kMuted.b);
    for (double x = from; x < to; x += 4.5) {
      cairo_arc(cr_, x, y_ + h * 0.72, 0.55, 0, 6.2832);
      cairo_fill(cr_);
    }
    number.draw(cr_, kLeft + kWidth - 40, y_);
    if (known_) cairo_tag_end(cr_, CAIRO_TAG_LINK);
    y_ += h + 11;
  }
  toc.reset();
  y_ += 24;
  Text about(ctx_, t("about_numbers"), kH3, kWidth);
  ensure(about.height() + 40);
  {
    Tag tag(cr_, "H2");
    about.draw(cr_, kLeft, y_);
  }
  y_ += about.height() + 4;
  paragraphs(fill(t("comparison_note"), {{"current", current_label_}, {"previous", previous_label_}}));
  if (r_.published) {
    paragraphs(fill(t("suppressed_note"), {{"max", std::to_string(r_.threshold - 1)},
                                           {"threshold", std::to_string(r_.threshold)}}));
  }
}

// --- sections -----------------------------------------------------------------------------------

void ReportWriter::section_cases() {
  key_figures({key(t("cases_total"), r_.current.cases_total, r_.previous.cases_total)});
  figure(r_.current.by_month, &r_.previous.by_month, &r_.current.cases_total);
}

void ReportWriter::section_table(const Table& tb, const Table& previous, const Cell* total) {
  figure(tb, &previous, total);
}

void ReportWriter::section_rejected() {
  KeyFigure k = key(t("rejected_total"), r_.current.rejected, r_.previous.rejected);
  std::vector<KeyFigure> figures{k};
  if (auto p = percent(r_.current.rejected, r_.current.cases_total)) {
    auto before = percent(r_.previous.rejected, r_.previous.cases_total);
    figures.push_back({t("rejected_share"), format_percent(*p),
                       before ? previous_label_ + ": " + format_percent(*before) : ""});
  }
  key_figures(figures);
  figure(r_.current.rejection_reasons, &r_.previous.rejection_reasons, &r_.current.rejected);
}

void ReportWriter::section_durations() {
  const int threshold = r_.threshold;
  const std::string less_than = Cell{0, true}.text(threshold);
  // published() marks withheld durations; a count below the threshold in a published report is
  // withheld here too, whoever built the report.
  auto small = [&](int64_t n) { return r_.published && n > 0 && n < threshold; };
  auto withheld = [&](const DurationStats& d) { return d.suppressed || small(d.cases); };
  auto within_withheld = [&](const DurationStats& d) {
    return withheld(d) || d.within_suppressed || small(d.within_target);
  };
  auto cases = [&](const DurationStats& d) { return withheld(d) ? less_than : format_int(d.cases); };
  auto days = [&](const DurationStats& d, double v) -> std::optional<double> {
    if (d.cases == 0 || withheld(d)) return std::nullopt;
    return v;
  };
  auto within = [&](const DurationStats& d) -> std::optional<double> {
    if (d.cases == 0 || within_withheld(d)) return std::nullopt;
    return d.within_target_pct;
  };
  auto show = [](std::optional<double> v, int decimals, const std::string& suffix) {
    return v ? format_decimal(*v, decimals) + suffix : std::string("–");
  };
  auto diff = [](std::optional<double> a, std::optional<double> b, const std::string& unit) {
    if (!a || !b) return std::string("–");
    const double d = *a - *b;
    const std::string s = format_decimal(d, 1);
    return (std::round(d * 10) > 0 ? "+" + s : s) + " " + unit;
  };
  auto within_text = [&](const DurationStats& d) {
    return within_withheld(d) ? less_than : show(within(d), 1, " %");
  };
  auto count_change = [&](const DurationStats& a, const DurationStats& b) {
    if (withheld(a) || withheld(b)) return std::string("–");
    return change_text(Cell{a.cases, false}, Cell{b.cases, false});
  };

  const DurationStats& fc = r_.current.first_response;
  const DurationStats& fp = r_.previous.first_response;
  const DurationStats& cc = r_.current.closing;
  const DurationStats& cp = r_.previous.closing;
  const std::string wd = t("unit_working_days");
  const std::string target = std::to_string(r_.current.first_response_target);

  auto days_figure = [&](const std::string& label, std::optional<double> now, std::optional<double> before) {
    return KeyFigure{label, show(now, 1, ""), previous_label_ + ": " + show(before, 1, " " + wd),
                     now ? wd : ""};
  };
  std::vector<KeyFigure> figures;
  figures.push_back(days_figure(t("key_first_response"), days(fc, fc.median), days(fp, fp.median)));
  figures.push_back({fill(t("key_within"), {{"target", target}}), within_text(fc),
                     previous_label_ + ": " + within_text(fp)});
  figures.push_back(days_figure(t("key_closing"), days(cc, cc.median), days(cp, cp.median)));
  key_figures(figures);

  const std::string unit_days = t("unit_days");
  const std::string unit_points = t("unit_points");
  std::vector<std::vector<std::string>> rows{
      {t("fr_cases"), cases(fc), cases(fp), count_change(fc, fp)},
      {t("fr_median"), show(days(fc, fc.median), 1, ""), show(days(fp, fp.median), 1, ""),
       diff(days(fc, fc.median), days(fp, fp.median), unit_days)},
      {t("fr_p90"), show(days(fc, fc.p90), 1, ""), show(days(fp, fp.p90), 1, ""),
       diff(days(fc, fc.p90), days(fp, fp.p90), unit_days)},
      {fill(t("fr_within"), {{"target", target}}), within_text(fc), within_text(fp),
       diff(within(fc), within(fp), unit_points)},
      {t("cl_cases"), cases(cc), cases(cp), count_change(cc, cp)},
      {t("cl_median"), show(days(cc, cc.median), 1, ""), show(days(cp, cp.median), 1, ""),
       diff(days(cc, cc.median), days(cp, cp.median), unit_days)},
      {t("cl_p90"), show(days(cc, cc.p90), 1, ""), show(days(cp, cp.p90), 1, ""),
       diff(days(cc, cc.p90), days(cp, cp.p90), unit_days)},
  };
  subheading(t("durations_table"), kH3, "H2");
  table({{"", 0, false}, {current_label_, 62}, {previous_label_, 62}, {t("change"), 92}}, rows);
  note(t("durations_note"));
}

void ReportWriter::section_criticism() {
  std::vector<KeyFigure> figures{
      key(t("criticism_cases"), r_.current.criticism_cases, r_.previous.criticism_cases)};
  if (auto p = percent(r_.current.criticism_cases, r_.current.cases_total)) {
    auto before = percent(r_.previous.criticism_cases, r_.previous.cases_total);
    figures.push_back({t("criticism_share"), format_percent(*p),
                       before ? previous_label_ + ": " + format_percent(*before) : ""});
  }
  key_figures(figures);
  figure(r_.current.criticism_by_department, &r_.previous.criticism_by_department,
         &r_.current.criticism_cases);
}

void ReportWriter::section_recommendations() {
  key_figures({key(t("recommendations_issued"), r_.current.recommendations_issued,
                   r_.previous.recommendations_issued)});
  figure(r_.current.recommendations_by_status, &r_.previous.recommendations_by_status,
         &r_.current.recommendations_issued);

  subheading(t("recommendation_list"), kH3, "H2");
  if (r_.current.recommendations.empty()) {
    note(t("none"));
    gap(10);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const RecommendationLine& l : r_.current.recommendations) {
      std::string departments;
      for (const std::string& d : l.departments) departments += (departments.empty() ? "" : ", ") + d;
      std::string status = label_of("rec_status", l.status);
      if (l.overdue) status += " (" + t("overdue_mark") + ")";
      rows.push_back({l.number, l.title, departments, status});
    }
    table({{t("col_number"), 68, false},
           {t("col_title"), 0, false},
           {t("col_departments"), 120, false},
           {t("col_status"), 100, false}},
          rows);
  }
  figure(r_.current.overdue_by_department, &r_.previous.overdue_by_department, nullptr);
}

void ReportWriter::section_investigations() {
  const int64_t now = static_cast<int64_t>(r_.current.investigations.size());
  const int64_t before = static_cast<int64_t>(r_.previous.investigations.size());
  key_figures({key(t("investigations_count"), Cell{now, false}, Cell{before, false})});
  subheading(t("investigation_list"), kH3, "H2");
  if (r_.current.investigations.empty()) {
    note(t("none"));
    gap(10);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const InvestigationLine& l : r_.current.investigations) {
    rows.push_back({l.number, l.topic, label_of("inv_status", l.status)});
  }
  table({{t("col_number"), 68, false}, {t("col_topic"), 0, false}, {t("col_status"), 100, false}}, rows);
}

void ReportWriter::section_activities() {
  // Kinds in the order of the current year, then kinds only the previous year had.
  std::vector<std::string> kinds;
  std::map<std::string, std::pair<const ActivityTotals*, const ActivityTotals*>> by_kind;
  for (const ActivityTotals& a : r_.current.activities) {
    if (!by_kind.count(a.kind)) kinds.push_back(a.kind);
    by_kind[a.kind].first = &a;
  }
  for (const ActivityTotals& a : r_.previous.activities) {
    if (!by_kind.count(a.kind)) kinds.push_back(a.kind);
    by_kind[a.kind].second = &a;
  }
  int64_t count = 0, count_before = 0, people = 0, people_before = 0;
  for (const ActivityTotals& a : r_.current.activities) count += a.count, people += a.participants;
  for (const ActivityTotals& a : r_.previous.activities)
    count_before += a.count, people_before += a.participants;
  key_figures({key(t("activities_count"), Cell{count, false}, Cell{count_before, false}),
               key(t("participants"), Cell{people, false}, Cell{people_before, false})});
  subheading(t("activities_table"), kH3, "H2");
  if (kinds.empty()) {
    note(t("none"));
    gap(10);
    return;
  }
  auto hours = [](const ActivityTotals* a) { return a ? format_decimal(a->minutes / 60.0, 1) : "0"; };
  auto n = [](const ActivityTotals* a, int64_t ActivityTotals::*field) {
    return format_int(a ? a->*field : 0);
  };
  std::vector<std::vector<std::string>> rows;
  for (const std::string& k : kinds) {
    const auto [now, before] = by_kind[k];
    rows.push_back({label_of("act_kind", k), n(now, &ActivityTotals::count),
                    n(before, &ActivityTotals::count), n(now, &ActivityTotals::participants),
                    n(before, &ActivityTotals::participants), hours(now), hours(before)});
  }
  auto head = [&](const std::string& what, const std::string& period) { return what + " " + period; };
  table({{t("col_kind"), 0, false},
         {head(t("col_count"), current_label_), 52},
         {head(t("col_count"), previous_label_), 52},
         {head(t("col_participants"), current_label_), 62},
         {head(t("col_participants"), previous_label_), 62},
         {head(t("col_hours"), current_label_), 52},
         {head(t("col_hours"), previous_label_), 52}},
        rows);
}

void ReportWriter::section_complaints() {
  const ReportFigures& c = r_.current;
  const ReportFigures& p = r_.previous;
  std::vector<KeyFigure> figures{key(t("complaints_decided"), c.complaints_decided, p.complaints_decided),
                                 key(t("complaints_reversed"), c.complaints_reversed, p.complaints_reversed)};
  auto rate = percent(c.complaints_reversed, c.complaints_decided);
  auto rate_before = percent(p.complaints_reversed, p.complaints_decided);
  figures.push_back({t("reversal_rate"), rate ? format_percent(*rate) : "–",
                     previous_label_ + ": " + (rate_before ? format_percent(*rate_before) : "–")});
  key_figures(figures);
  subheading(t("complaints_table"), kH3, "H2");
  std::string rate_change = "–";
  if (rate && rate_before) {
    const double d = *rate - *rate_before;
    rate_change = (std::round(d * 10) > 0 ? "+" : "") + format_decimal(d, 1) + " " + t("unit_points");
  }
  table({{"", 0, false}, {current_label_, 62}, {previous_label_, 62}, {t("change"), 92}},
        {{t("complaints_decided"), format_count(c.complaints_decided, r_.threshold),
          format_count(p.complaints_decided, r_.threshold),
          change_text(c.complaints_decided, p.complaints_decided)},
         {t("complaints_reversed"), format_count(c.complaints_reversed, r_.threshold),
          format_count(p.complaints_reversed, r_.threshold),
          change_text(c.complaints_reversed, p.complaints_reversed)},
         {t("reversal_rate"), rate ? format_percent(*rate) : "–",
          rate_before ? format_percent(*rate_before) : "–", rate_change}});
}

void ReportWriter::section_stories() {
  for (size_t i = 0; i < r_.stories.size(); ++i) {
    const Story& s = r_.stories[i];
    if (i > 0) gap(8);
    subheading(s.title, kH2, "H2");
    paragraphs(s.text);
  }
}

// The year's survey results: per group its respondents, the stacked Likert chart and a table of
// each statement's answered count and agreeing share (the chart's numbers).
void ReportWriter::section_survey() {
  for (const GroupResult& g : r_.survey) {
    subheading(g.title, kH3, "H2");
    note(fill(t("survey_respondents"), {{"n", format_int(g.respondents)}}));
    std::vector<std::vector<std::string>> rows;
    for (const QuestionResult& q : g.questions) {
      if (q.agree_percent) rows.push_back({q.text, format_int(q.answered), format_percent(*q.agree_percent)});
    }
    if (rows.empty()) {
      gap(10);
      continue;
    }
    const LikertChartText ct = likert_chart_text(m_, "da", g.title);
    const double chart_h = likert_chart_height(g, ct, kWidth);
    place(chart_h);
    {
      Tag tag(cr_, "Figure");
      draw_likert_chart(cr_, chart_font_, g, ct, kLeft, y_, kWidth);
    }
    y_ += chart_h + 2;
    subheading(t("chart_numbers"), kCaption, "Caption");
    table({{t("col_statement"), 0, false}, {t("col_answered"), 70}, {t("col_agree"), 70}}, rows);
    gap(8);
  }
  if (!r_.survey_withheld.empty()) {
    std::string names;
    for (const auto& w : r_.survey_withheld) names += (names.empty() ? "" : ", ") + w;
    note(fill(t("survey_withheld"), {{"threshold", std::to_string(r_.threshold)}, {"groups", names}}));
  }
}

// --- the document -------------------------------------------------------------------------------

Pagination ReportWriter::run() {
  struct Section {
    std::string title;
    double keep_with;  // height of the first block, kept on the heading's page
    std::function<void()> body;
  };
  const ReportFigures& c = r_.current;
  const ReportFigures& p = r_.previous;
  const double figures_h = 90;
  const ChartText ct = chart_text();
  // A figure section keeps its whole figure with the heading when it fits on a page, else the chart.
  auto chart_keep = [&](const Table& tb, const Table& prev) {
    const double whole = figure_height(tb, &prev, &c.cases_total);
    if (whole <= kBottom - kTop - 60) return whole;
    return 30 + std::min(bar_chart_height(kWidth, tb, &prev, r_.threshold, ct), 300.0);
  };
  std::vector<Section> sections;
  if (!clean_text(r_.foreword).empty() && r_.foreword.find_first_not_of(" \t\r\n") != std::string::npos) {
    sections.push_back({t("foreword"), 60, [&] { paragraphs(r_.foreword); }});
  }
  sections.push_back({t("cases"), figures_h, [&] { section_cases(); }});
  sections.push_back({t("channel"), chart_keep(c.by_channel, p.by_channel),
                      [&] { section_table(c.by_channel, p.by_channel, &c.cases_total); }});
  sections.push_back({t("reason"), chart_keep(c.by_reason, p.by_reason),
                      [&] { section_table(c.by_reason, p.by_reason, &c.cases_total); }});
  sections.push_back({t("department"), chart_keep(c.by_department, p.by_department),
                      [&] { section_table(c.by_department, p.by_department, &c.cases_total); }});
  sections.push_back({t("outcome"), chart_keep(c.by_outcome, p.by_outcome),
                      [&] { section_table(c.by_outcome, p.by_outcome, &c.cases_total); }});
  sections.push_back({t("themes"), chart_keep(c.by_theme, p.by_theme),
                      [&] { section_table(c.by_theme, p.by_theme, &c.cases_total); }});
  sections.push_back({t("rejected"), figures_h, [&] { section_rejected(); }});
  sections.push_back({t("durations"), figures_h + 200, [&] { section_durations(); }});
  sections.push_back({t("criticism"), figures_h, [&] { section_criticism(); }});
  sections.push_back({t("recommendations"), figures_h, [&] { section_recommendations(); }});
  // Small sections are kept on one page when they fit (key figures, a heading, a short table).
  auto list_h = [&](size_t rows) {
    return figures_h + 40 + 24.0 * static_cast<double>(std::min<size_t>(rows, 8) + 1);
  };
  sections.push_back(
      {t("investigations"), list_h(c.investigations.size()), [&] { section_investigations(); }});
  sections.push_back({t("activities"), list_h(c.activities.size() + 1), [&] { section_activities(); }});
  sections.push_back({t("complaints"), list_h(3), [&] { section_complaints(); }});
  if (!r_.survey.empty() || !r_.survey_withheld.empty()) {
    sections.push_back({t("survey"), 120, [&] { section_survey(); }});
  }
  if (!r_.stories.empty()) sections.push_back({t("stories"), 80, [&] { section_stories(); }});

  {
    Tag document(cr_, "Document");
    cover();
    new_page();
    std::vector<std::string> titles;
    for (const Section& s : sections) titles.push_back(s.title);
    contents(titles);
    for (size_t i = 0; i < sections.size(); ++i) {
      // The foreword and the first figures each open a page; later sections follow on.
      if (i == 0 || (i == 1 && sections[0].title == t("foreword"))) new_page();
      heading(i, sections[i].title, sections[i].keep_with);
      sections[i].body();
    }
    place(0);
  }
  found_.total_pages = finish();
  return found_;
}

Pagination render(const Report& r, const Messages& m, const Pagination* known, std::string* out) {
  const Metadata meta{
      fill(m.text("da", "report_render.document_title"),
           {{"year", std::to_string(r.year)}, {"office", r.office_name}, {"municipality", r.municipality}}),
      r.office_name, r.municipality};
  Pagination found;
  render_pdf(out, meta, [&](cairo_surface_t* surface) {
    ReportWriter writer(surface, r, m, known);
    found = writer.run();
  });
  return found;
}

}  // namespace

std::string report_pdf(const Report& r, const Messages& m) {
  // Pass 1 finds the page of every section and the page count; pass 2 draws with them. The
  // numbers only fill fixed-width places, so both passes break pages identically.
  const Pagination pages = render(r, m, nullptr, nullptr);
  std::string out;
  const Pagination drawn = render(r, m, &pages, &out);
  if (drawn.section_pages != pages.section_pages || drawn.total_pages != pages.total_pages) {
    throw std::logic_error("PDF: the two passes paginated differently");
  }
  return out;
}

}  // namespace bb::render
