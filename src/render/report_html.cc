#include "render/report_html.h"

#include <set>

#include "domain/placeholders.h"
#include "render/chart.h"
#include "render/survey_chart.h"

namespace bb::render {
namespace {

using nlohmann::json;


std::string change_text(const Cell& now, const std::optional<Cell>& before) {
  if (!before) return "";
  auto c = change_percent(now, *before);
  return c ? format_change(*c) : "–";
}

// A key figure: its current and previous value and the change.
json figure(const std::string& label, const Cell& now, const Cell& before, int threshold) {
  return {{"label", label},
          {"current", format_count(now, threshold)},
          {"previous", format_count(before, threshold)},
          {"change", change_text(now, before)}};
}

json figure_text(const std::string& label, const std::string& now, const std::string& before) {
  return {{"label", label}, {"current", now}, {"previous", before}, {"change", ""}};
}

std::string days(const DurationStats& d) { return d.cases ? format_decimal(d.median, 1) : "–"; }

// The share answered within the target; "–" when there is none or it is withheld (published).
std::string within(const DurationStats& d) {
  return d.cases && !d.within_suppressed ? format_percent(d.within_target_pct) : "–";
}

}  // namespace

json report_view(const Report& r, const Messages& m, const std::string& lang) {
  const auto t = [&lang](const Messages& messages, const std::string& key) { return messages.text(lang, key); };
  // The office's texts are Danish; marked so on pages in another language (WCAG 3.1.2).
  const json data_lang = lang == "da" ? json(false) : json("da");
  const int th = r.threshold;
  const ReportFigures& a = r.current;
  const ReportFigures& b = r.previous;
  const ChartText text{a.period.label, b.period.label, t(m, "report_view.chart_description")};

  json key = json::array();
  key.push_back(figure(t(m, "report_view.cases_total"), a.cases_total, b.cases_total, th));
  key.push_back(figure(t(m, "report_view.rejected"), a.rejected, b.rejected, th));
  key.push_back(figure(t(m, "report_view.criticism_cases"), a.criticism_cases, b.criticism_cases, th));
  key.push_back(figure(t(m, "report_view.recommendations_issued"), a.recommendations_issued, b.recommendations_issued, th));
  key.push_back(figure(t(m, "report_view.complaints_decided"), a.complaints_decided, b.complaints_decided, th));
  key.push_back(figure(t(m, "report_view.complaints_reversed"), a.complaints_reversed, b.complaints_reversed, th));
  key.push_back(figure_text(t(m, "report_view.first_response_median"), days(a.first_response), days(b.first_response)));
  key.push_back(figure_text(t(m, "report_view.first_response_p90"),
                            a.first_response.cases ? format_decimal(a.first_response.p90, 0) : "–",
                            b.first_response.cases ? format_decimal(b.first_response.p90, 0) : "–"));
  key.push_back(figure_text(
      fill(t(m, "report_view.within_target"), "days", std::to_string(a.first_response_target)),
      within(a.first_response), within(b.first_response)));
  key.push_back(figure_text(t(m, "report_view.closing_median"), days(a.closing), days(b.closing)));

  json sections = json::array();
  const auto now = tables(a);
  const auto before = tables(b);
  for (size_t i = 0; i < now.size(); ++i) {
    const Table& table = *now[i];
    json rows = json::array();
    // Themes the office named itself keep their Danish labels: marked on other languages' pages.
    std::set<std::string> own_labels;
    if (table.id == "by_theme") {
      for (const auto& row : table.rows) {
        if (row.label != m.text(lang, "theme." + row.key)) own_labels.insert(row.label);
      }
    }
    for (const auto& p : pair_rows(table, before[i])) {
      auto share = percent(p.current, a.cases_total);
      rows.push_back({{"label", p.label},
                      {"data_lang", own_labels.count(p.label) ? data_lang : json(false)},
                      {"current", format_count(p.current, th)},
                      {"previous", p.previous ? format_count(*p.previous, th) : ""},
                      {"change", change_text(p.current, p.previous)},
                      {"share", share && table.id.rfind("by_", 0) == 0 ? format_percent(*share) : ""}});
    }
    json s = {{"id", table.id}, {"title", table.title}, {"rows", rows}, {"has_rows", !rows.empty()}};
    if (table.chart && !rows.empty()) s["chart"] = bar_chart_svg(table, before[i], th, table.title, text);
    sections.push_back(s);
  }

  json recs = json::array();
  for (const auto& x : a.recommendations) {
    std::string deps;
    for (const auto& d : x.departments) deps += (deps.empty() ? "" : ", ") + d;
    recs.push_back({{"number", x.number}, {"title", x.title}, {"data_lang", data_lang}, {"departments", deps},
                    {"status", t(m, "rec_status." + x.status)}, {"overdue", x.overdue}});
  }
  json invs = json::array();
  for (const auto& x : a.investigations) {
    invs.push_back({{"number", x.number}, {"topic", x.topic}, {"data_lang", data_lang}, {"status", t(m, "inv_status." + x.status)}});
  }
  json acts = json::array();
  for (const auto& x : a.activities) {
    acts.push_back({{"kind", t(m, "act_kind." + x.kind)}, {"count", format_int(x.count)},
                    {"participants", format_int(x.participants)},
                    {"hours", format_decimal(static_cast<double>(x.minutes) / 60.0, 1)}});
  }
  json stories = json::array();
  for (const auto& s : r.stories) stories.push_back({{"title", s.title}, {"text", s.text}, {"data_lang", data_lang}});
  // Survey results: per group its respondents, the Likert chart and each statement's agreeing share.
  json survey = json::array();
  for (const auto& g : r.survey) {
    json lines = json::array();
    for (const auto& q : g.questions) {
      if (!q.agree_percent) continue;
      lines.push_back({{"text", q.text}, {"answered", format_int(q.answered)}, {"agree", format_percent(*q.agree_percent)}});
    }
    json gv = {{"group", g.group},
               {"title", g.title},
               {"respondents", fill(t(m, "survey_page.respondents"), "count", format_int(g.respondents))},
               {"lines", lines}};
    if (!lines.empty()) gv["chart_svg"] = likert_chart_svg(g, likert_chart_text(m, lang, g.title));
    survey.push_back(std::move(gv));
  }
  std::string withheld;
  for (const auto& w : r.survey_withheld) withheld += (withheld.empty() ? "" : ", ") + w;

  return {{"year", r.year},
          {"period", a.period.label},
          {"previous_period", b.period.label},
          {"office_name", r.office_name},
          {"municipality", r.municipality},
          {"foreword", r.foreword},
          {"foreword_lang", data_lang},
          {"has_foreword", !r.foreword.empty()},
          {"published", r.published},
          {"published_note", r.published ? fill(t(m, "report_view.published_note"), "threshold", std::to_string(th)) : ""},
          {"key_figures", key},
          {"sections", sections},
          {"recommendations", recs},
          {"has_recommendations", !recs.empty()},
          {"investigations", invs},
          {"has_investigations", !invs.empty()},
          {"activities", acts},
          {"stories", stories},
          {"has_stories", !stories.empty()},
          {"survey", survey},
          {"has_survey", !survey.empty() || !withheld.empty()},
          {"survey_withheld", withheld.empty() ? "" : fill(fill(t(m, "report_view.survey_withheld"), "groups", withheld),
                                                           "threshold", std::to_string(th))}};
}

}  // namespace bb::render
