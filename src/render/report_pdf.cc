#include "render/report_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "render/chart.h"

namespace bb::render {

namespace {

// --- page geometry (points; A4 portrait) --------------------------------------------------------
constexpr double kPageW = 595.276;
constexpr double kPageH = 841.890;
constexpr double kLeft = 66;
constexpr double kRight = 66;
constexpr double kTop = 70;
constexpr double kBottom = kPageH - 78;  // content ends here; the footer sits below
constexpr double kWidth = kPageW - kLeft - kRight;
constexpr const char* kFontFamily = "IBM Plex Sans,DejaVu Sans";

struct Colour {
  double r, g, b;
};
constexpr Colour kBlue{0x00 / 255.0, 0x49 / 255.0, 0x93 / 255.0};
constexpr Colour kInk{0x1a / 255.0, 0x1a / 255.0, 0x1a / 255.0};
constexpr Colour kMuted{0x55 / 255.0, 0x55 / 255.0, 0x55 / 255.0};  // 7.5:1 on white
constexpr Colour kRule{0xc4 / 255.0, 0xc9 / 255.0, 0xd0 / 255.0};
constexpr Colour kTint{0xed / 255.0, 0xf3 / 255.0, 0xf9 / 255.0};   // key-figure boxes
constexpr Colour kZebra{0xf5 / 255.0, 0xf7 / 255.0, 0xfa / 255.0};  // every other table row
constexpr Colour kWhite{1, 1, 1};
constexpr Colour kCoverTint{0xc9 / 255.0, 0xdc / 255.0, 0xf0 / 255.0};  // 6.2:1 on the blue

struct Style {
  double size;
  bool bold = false;
  Colour colour = kInk;
  double spacing = 0;  // line-spacing factor (0: the font's own)
};
const Style kBody{10, false, kInk, 1.4};
const Style kH1{19, true, kBlue};
const Style kH2{12.5, true, kInk, 1.2};
const Style kH3{10.5, true, kInk, 1.2};
const Style kCaption{8.5, false, kMuted};
const Style kCell{9, false, kInk, 1.15};
const Style kHeadCell{8.5, true, kInk, 1.15};
const Style kFooter{8, false, kMuted};
constexpr double kCellPadX = 6;
constexpr double kCellPadY = 4.5;
constexpr double kTableAfter = 10;

std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [key, value] : values) {
    const std::string token = "{" + key + "}";
    for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size())) {
      text.replace(at, token.size(), value);
    }
  }
  return text;
}

// A PDF stream into a string (or nowhere, for the measuring pass).
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  if (closure) static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A structure element of the tagged PDF (headings, paragraphs, tables, the figure), so screen
// readers get the reading order and the tables' rows and cells.
class Tag {
 public:
  Tag(cairo_t* cr, const char* name) : cr_(cr), name_(name) { cairo_tag_begin(cr_, name_, ""); }
  ~Tag() { cairo_tag_end(cr_, name_); }
  Tag(const Tag&) = delete;
  Tag& operator=(const Tag&) = delete;

 private:
  cairo_t* cr_;
  const char* name_;
};

// A pango layout (owned).
class Text {
 public:
  Text(PangoContext* ctx, const std::string& text, const Style& s, double width,
       PangoAlignment align = PANGO_ALIGN_LEFT)
      : layout_(pango_layout_new(ctx)), style_(s) {
    PangoFontDescription* f = pango_font_description_from_string(kFontFamily);
    pango_font_description_set_absolute_size(f, s.size * PANGO_SCALE);
    pango_font_description_set_weight(f, s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_, f);
    pango_font_description_free(f);
    if (s.spacing > 0) pango_layout_set_line_spacing(layout_, static_cast<float>(s.spacing));
    if (width > 0) {
      pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout_, align);
    const std::string clean = clean_text(text);
    pango_layout_set_text(layout_, clean.c_str(), static_cast<int>(clean.size()));
  }
  ~Text() { g_object_unref(layout_); }
  Text(const Text&) = delete;
  Text& operator=(const Text&) = delete;

  double height() const {
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    return h / static_cast<double>(PANGO_SCALE);
  }
  double width() const {
    PangoRectangle logical;
    pango_layout_get_extents(layout_, nullptr, &logical);
    return logical.width / static_cast<double>(PANGO_SCALE);
  }
  void draw(cairo_t* cr, double x, double y) const {
    cairo_set_source_rgb(cr, style_.colour.r, style_.colour.g, style_.colour.b);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout_);
  }
  PangoLayout* get() const { return layout_; }
  const Style& style() const { return style_; }

 private:
  PangoLayout* layout_;
  Style style_;
};

struct KeyFigure {
  std::string label;
  std::string value;
  std::string detail;     // previous year and change
  std::string unit = "";  // set smaller after the value ("arbejdsdage")
};

struct Column {
  std::string header;
  double width;  // 0: what the others leave
  bool right = true;
};

// Page numbers found by the first pass, used by the second (table of contents, footers).
struct Pagination {
  std::vector<int> section_pages;
  int total_pages = 0;
};

class ReportWriter {
 public:
  ReportWriter(cairo_surface_t* surface, const Report& r, const Messages& m, const Pagination* known)
      : surface_(surface), cr_(cairo_create(surface)), r_(r), m_(m), known_(known) {
    ctx_ = pango_cairo_create_context(cr_);
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx_, fo);
    cairo_font_options_destroy(fo);
    chart_font_ = pango_font_description_from_string(kFontFamily);
    current_label_ = r.current.period.label.empty() ? std::to_string(r.year) : r.current.period.label;
    previous_label_ = r.previous.period.label.empty() ? std::to_string(r.year - 1) : r.previous.period.label;
  }
  ~ReportWriter() {
    pango_font_description_free(chart_font_);
    g_object_unref(ctx_);
    cairo_destroy(cr_);
  }
  ReportWriter(const ReportWriter&) = delete;
  ReportWriter& operator=(const ReportWriter&) = delete;

  Pagination run();

 private:
  std::string t(const std::string& key) const { return m_.text("da", "report_render." + key); }
  std::string label_of(const std::string& vocabulary, const std::string& code) const {
    const std::string key = vocabulary + "." + code;
    const std::string text = m_.text("da", key);
    return text == key ? code : text;
  }

  // Pages and flow.
  void new_page();
  void finish_page();
  void ensure(double height) {
    if (y_ + height > kBottom && y_ > kTop + 1) new_page();
  }
  double room() const { return kBottom - y_; }
  void gap(double h) { y_ += h; }

  // Blocks.
  void cover();
  void contents(const std::vector<std::string>& titles);
  void heading(size_t index, const std::string& title, double keep_with);
  // A heading kept with the block after it: drawn by that block's place().
  void subheading(const std::string& title, const Style& s, const char* tag);
  // Makes room for a block of height h (after the pending subheading, if any).
  void place(double h);
  void paragraphs(const std::string& text);
  void flow(const Text& text, double x);
  void note(const std::string& text);
  void key_figures(const std::vector<KeyFigure>& figures);
  double key_figures_height(const std::vector<KeyFigure>& figures) const;
  struct TableData {
    std::vector<Column> columns;
    std::vector<std::vector<std::string>> rows;
  };
  struct TableMeasure {
    std::vector<double> widths;
    double head = 0;
    std::vector<double> rows;
    double total = 0;  // header, rows and the space after
  };
  TableMeasure measure(const TableData& data) const;
  void table(const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& rows);
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

  cairo_surface_t* surface_;
  cairo_t* cr_;
  PangoContext* ctx_ = nullptr;
  PangoFontDescription* chart_font_ = nullptr;
  const Report& r_;
  const Messages& m_;
  const Pagination* known_;  // null in the measuring pass
  std::string current_label_, previous_label_;
  int page_ = 1;
  double y_ = kTop;
  struct Pending {
    std::string title;
    Style style;
    const char* tag;  // "H2", "H3", "Caption"
  };
  std::optional<Pending> pending_;
  bool just_headed_ = false;  // a section heading was drawn and nothing after it yet
  Pagination found_;
};

// --- pages --------------------------------------------------------------------------------------

void ReportWriter::finish_page() {
  if (page_ == 1) return;  // the cover has no footer
  cairo_set_source_rgb(cr_, kRule.r, kRule.g, kRule.b);
  cairo_set_line_width(cr_, 0.6);
  cairo_move_to(cr_, kLeft, kPageH - 54);
  cairo_line_to(cr_, kPageW - kRight, kPageH - 54);
  cairo_stroke(cr_);
  const std::string left = fill(t("footer"), {{"year", std::to_string(r_.year)}, {"office", r_.office_name}});
  const std::string total = known_ ? std::to_string(known_->total_pages) : "0";
  const std::string right = fill(t("page"), {{"n", std::to_string(page_)}, {"m", total}});
  Text l(ctx_, left, kFooter, kWidth - 90);
  l.draw(cr_, kLeft, kPageH - 46);
  Text rt(ctx_, right, kFooter, 90, PANGO_ALIGN_RIGHT);
  rt.draw(cr_, kPageW - kRight - 90, kPageH - 46);
}

void ReportWriter::new_page() {
  finish_page();
  cairo_show_page(cr_);
  ++page_;
  y_ = kTop;
}

// --- blocks -------------------------------------------------------------------------------------

// Draws a wrapped text at x, line by line, continuing on the next page where it runs out.
void ReportWriter::flow(const Text& text, double x) {
  PangoLayoutIter* it = pango_layout_get_iter(text.get());
  double page_origin = 0;  // layout y that maps to y_ on the current page
  double start = y_;
  double last_bottom = 0;
  cairo_set_source_rgb(cr_, text.style().colour.r, text.style().colour.g, text.style().colour.b);
  do {
    int top = 0, bottom = 0;
    pango_layout_iter_get_line_yrange(it, &top, &bottom);
    const double line_top = top / static_cast<double>(PANGO_SCALE);
    const double line_bottom = bottom / static_cast<double>(PANGO_SCALE);
    if (start + (line_bottom - page_origin) > kBottom && line_top > page_origin) {
      new_page();
      start = y_;
      page_origin = line_top;
      cairo_set_source_rgb(cr_, text.style().colour.r, text.style().colour.g, text.style().colour.b);
    }
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    const double baseline = pango_layout_iter_get_baseline(it) / static_cast<double>(PANGO_SCALE);
    cairo_move_to(cr_, x + logical.x / static_cast<double>(PANGO_SCALE), start + baseline - page_origin);
    pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
    last_bottom = line_bottom;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  y_ = start + (last_bottom - page_origin);
}

// Paragraphs are separated by blank lines; single line breaks are kept.
void ReportWriter::paragraphs(const std::string& text) {
  std::string clean = clean_text(text);
  std::vector<std::string> paras;
  std::string current;
  size_t start = 0;
  while (start <= clean.size()) {
    size_t nl = clean.find('\n', start);
    std::string line = clean.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    const bool blank = line.find_first_not_of(" \t") == std::string::npos;
    if (blank) {
      if (!current.empty()) paras.push_back(std::move(current));
      current.clear();
    } else {
      current += current.empty() ? line : "\n" + line;
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  if (!current.empty()) paras.push_back(std::move(current));
  for (std::string& p : paras) {
    p.erase(0, p.find_first_not_of(" \t"));
    p.erase(p.find_last_not_of(" \t") + 1);
    Text body(ctx_, p, kBody, kWidth);
    place(std::min(body.height(), 3 * kBody.size * kBody.spacing));
    Tag tag(cr_, "P");
    flow(body, kLeft);
    gap(7);
  }
}

void ReportWriter::note(const std::string& text) {
  Text n(ctx_, text, kCaption, kWidth);
  place(n.height());
  Tag tag(cr_, "P");
  flow(n, kLeft);
}

void ReportWriter::heading(size_t index, const std::string& title, double keep_with) {
  place(0);
  Text h(ctx_, title, kH1, kWidth);
  const double block = h.height() + 18;
  // A section starts on a new page unless it and its first block fit below what is there.
  if (y_ > kTop + 1) {
    if (y_ + 26 + block + keep_with > kBottom) {
      new_page();
    } else {
      gap(26);
    }
  }
  if (found_.section_pages.size() <= index) found_.section_pages.resize(index + 1, 0);
  found_.section_pages[index] = page_;
  if (known_) {
    const std::string link = "page=" + std::to_string(page_) + " pos=[" +
                             std::to_string(static_cast<int>(kLeft)) + " " +
                             std::to_string(static_cast<int>(y_)) + "]";
    const std::string clean = clean_text(title);
    cairo_pdf_surface_add_outline(surface_, CAIRO_PDF_OUTLINE_ROOT, clean.c_str(), link.c_str(),
                                  static_cast<cairo_pdf_outline_flags_t>(0));
  }
  {
    Tag tag(cr_, "H1");
    h.draw(cr_, kLeft, y_);
  }
  y_ += h.height() + 5;
  cairo_set_source_rgb(cr_, kBlue.r, kBlue.g, kBlue.b);
  cairo_rectangle(cr_, kLeft, y_, 44, 2.5);
  cairo_fill(cr_);
  y_ += 13;
  just_headed_ = true;
}

void ReportWriter::subheading(const std::string& title, const Style& s, const char* tag) {
  place(0);  // an earlier heading without a block
  pending_ = Pending{title, s, tag};
}

void ReportWriter::place(double h) {
  if (!pending_) {
    if (h > 0) {
      just_headed_ = false;
      ensure(h);
    }
    return;
  }
  just_headed_ = false;
  Text head(ctx_, pending_->title, pending_->style, kWidth);
  const char* tag_name = pending_->tag;
  pending_.reset();
  ensure(6 + head.height() + 6 + h);
  if (y_ > kTop + 1) gap(6);
  {
    Tag tag(cr_, tag_name);
    head.draw(cr_, kLeft, y_);
  }
  y_ += head.height() + 6;
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

// Column widths and row heights of a table, measured with the fonts it is drawn with.
ReportWriter::TableMeasure ReportWriter::measure(const TableData& data) const {
  TableMeasure m;
  double fixed = 0;
  for (const Column& c : data.columns) fixed += c.width;
  for (const Column& c : data.columns) m.widths.push_back(c.width > 0 ? c.width : kWidth - fixed);
  auto row_height = [&](const std::vector<std::string>& cells, const Style& s, bool body) {
    double h = 0;
    for (size_t i = 0; i < m.widths.size() && i < cells.size(); ++i) {
      const bool number = body && i > 0 && data.columns[i].right;
      Text cell(ctx_, cells[i], s, number ? 0 : m.widths[i] - 2 * kCellPadX);
      h = std::max(h, cell.height());
    }
    return h + 2 * kCellPadY;
  };
  std::vector<std::string> head;
  for (const Column& c : data.columns) head.push_back(c.header);
  m.head = row_height(head, kHeadCell, false);
  m.total = m.head + kTableAfter;
  m.rows.reserve(data.rows.size());
  for (const auto& row : data.rows) {
    m.rows.push_back(row_height(row, kCell, true));
    m.total += m.rows.back();
  }
  return m;
}

// A table with a header row, repeated at the top of every page it runs onto. The first column
// takes the width the others leave and is left-aligned; long texts wrap within their column.
void ReportWriter::table(const std::vector<Column>& columns,
                         const std::vector<std::vector<std::string>>& rows) {
  const TableData data{columns, rows};
  const TableMeasure m = measure(data);
  std::vector<std::string> head;
  for (const Column& c : columns) head.push_back(c.header);
  // cell_tag null: drawn without structure (the header repeated on a following page).
  // Numbers (right-aligned body cells) are never broken: "+1.373,4 %" stays on one line.
  auto draw_row = [&](const std::vector<std::string>& cells, const Style& s, double h, const char* cell_tag,
                      bool body) {
    std::optional<Tag> row;
    if (cell_tag) row.emplace(cr_, "TR");
    double x = kLeft;
    for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
      const bool right = columns[i].right && i > 0;
      const bool number = body && right;
      Text cell(ctx_, cells[i], s, number ? 0 : m.widths[i] - 2 * kCellPadX,
                right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      std::optional<Tag> tag;
      if (cell_tag) tag.emplace(cr_, cell_tag);
      cell.draw(cr_, number ? x + m.widths[i] - kCellPadX - cell.width() : x + kCellPadX, y_ + kCellPadY);
      x += m.widths[i];
    }
    y_ += h;
  };
  auto draw_head = [&](bool repeated) {
    draw_row(head, kHeadCell, m.head, repeated ? nullptr : "TH", false);
    cairo_set_source_rgb(cr_, kInk.r, kInk.g, kInk.b);
    cairo_set_line_width(cr_, 1);
    cairo_move_to(cr_, kLeft, y_);
    cairo_line_to(cr_, kLeft + kWidth, y_);
    cairo_stroke(cr_);
  };

  // A short table is kept whole; a long one starts where at least three rows fit.
  double first = m.head;
  for (size_t i = 0; i < std::min<size_t>(3, m.rows.size()); ++i) first += m.rows[i];
  place(m.total <= 0.4 * (kBottom - kTop) ? m.total - kTableAfter : first);
  Tag table_tag(cr_, "Table");
  draw_head(false);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (y_ + m.rows[i] > kBottom) {
      new_page();
      draw_head(true);
    }
    if (i % 2 == 1) {
      cairo_set_source_rgb(cr_, kZebra.r, kZebra.g, kZebra.b);
      cairo_rectangle(cr_, kLeft, y_, kWidth, m.rows[i]);
      cairo_fill(cr_);
    }
    draw_row(rows[i], kCell, m.rows[i], "TD", true);
    cairo_set_source_rgb(cr_, kRule.r, kRule.g, kRule.b);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kLeft, y_);
    cairo_line_to(cr_, kLeft + kWidth, y_);
    cairo_stroke(cr_);
  }
  y_ += kTableAfter;
}

// The numbers of a report table: label, this year, last year, change (and the share of
// `total` when given).
ReportWriter::TableData ReportWriter::figure_table(const Table& tb, const Table* previous,
                                                   const Cell* total) const {
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
  finish_page();
  cairo_show_page(cr_);
  found_.total_pages = page_;
  if (cairo_status(cr_) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(cairo_status(cr_)));
  }
  return found_;
}

Pagination render(const Report& r, const Messages& m, const Pagination* known, std::string* out) {
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_to_string, out, kPageW, kPageH);
  std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> guard(surface, cairo_surface_destroy);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(cairo_surface_status(surface)));
  }
  const std::string title = clean_text(
      fill(m.text("da", "report_render.document_title"),
           {{"year", std::to_string(r.year)}, {"office", r.office_name}, {"municipality", r.municipality}}));
  const std::string author = clean_text(r.office_name);
  const std::string subject = clean_text(r.municipality);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Brobygger");
  Pagination found;
  {
    ReportWriter writer(surface, r, m, known);
    found = writer.run();
  }
  cairo_surface_finish(surface);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(cairo_surface_status(surface)));
  }
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
