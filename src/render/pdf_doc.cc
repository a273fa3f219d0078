#include "render/pdf_doc.h"

#include <cairo-pdf.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "render/chart.h"

namespace bb::render::pdf {

namespace {

// A PDF stream into a string (or nowhere, for the measuring pass).
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  if (closure) static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [key, value] : values) {
    const std::string token = "{" + key + "}";
    for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size())) {
      text.replace(at, token.size(), value);
    }
  }
  return text;
}

void set_colour(cairo_t* cr, const Colour& c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void render_pdf(std::string* out, const Metadata& meta, const std::function<void(cairo_surface_t*)>& draw) {
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_to_string, out, kPageW, kPageH);
  std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> guard(surface, cairo_surface_destroy);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(cairo_surface_status(surface)));
  }
  const std::string title = clean_text(meta.title);
  const std::string author = clean_text(meta.author);
  const std::string subject = clean_text(meta.subject);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Brobygger");
  draw(surface);
  cairo_surface_finish(surface);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(cairo_surface_status(surface)));
  }
}

// --- text ---------------------------------------------------------------------------------------

Text::Text(PangoContext* ctx, const std::string& text, const Style& s, double width, PangoAlignment align,
           const char* family)
    : layout_(pango_layout_new(ctx)), style_(s) {
  PangoFontDescription* f = pango_font_description_from_string(family);
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

double Text::height() const {
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return h / static_cast<double>(PANGO_SCALE);
}

double Text::width() const {
  PangoRectangle logical;
  pango_layout_get_extents(layout_, nullptr, &logical);
  return logical.width / static_cast<double>(PANGO_SCALE);
}

void Text::draw(cairo_t* cr, double x, double y) const {
  cairo_set_source_rgb(cr, style_.colour.r, style_.colour.g, style_.colour.b);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout_);
}

// --- the document -------------------------------------------------------------------------------

Document::Document(cairo_surface_t* surface, Pass pass, int total_pages, Footer footer)
    : surface_(surface),
      cr_(cairo_create(surface)),
      pass_(pass),
      total_pages_(total_pages),
      footer_(std::move(footer)) {
  ctx_ = pango_cairo_create_context(cr_);
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx_, fo);
  cairo_font_options_destroy(fo);
  chart_font_ = pango_font_description_from_string(kFontFamily);
}

Document::~Document() {
  pango_font_description_free(chart_font_);
  g_object_unref(ctx_);
  cairo_destroy(cr_);
}

void Document::finish_page() {
  if (footer_.page.empty() || page_ < footer_.first_page) return;
  cairo_set_source_rgb(cr_, kRule.r, kRule.g, kRule.b);
  cairo_set_line_width(cr_, 0.6);
  cairo_move_to(cr_, kLeft, kPageH - 54);
  cairo_line_to(cr_, kPageW - kRight, kPageH - 54);
  cairo_stroke(cr_);
  const std::string right =
      fill(footer_.page, {{"n", std::to_string(page_)}, {"m", std::to_string(total_pages_)}});
  Text l(ctx_, footer_.left, kFooter, kWidth - 90);
  l.draw(cr_, kLeft, kPageH - 46);
  Text rt(ctx_, right, kFooter, 90, PANGO_ALIGN_RIGHT);
  rt.draw(cr_, kPageW - kRight - 90, kPageH - 46);
}

void Document::new_page() {
  finish_page();
  cairo_show_page(cr_);
  ++page_;
  y_ = kTop;
}

int Document::finish() {
  finish_page();
  cairo_show_page(cr_);
  if (cairo_status(cr_) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("PDF: ") + cairo_status_to_string(cairo_status(cr_)));
  }
  return page_;
}

// --- blocks -------------------------------------------------------------------------------------

void Document::flow(const Text& text, double x) {
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

void Document::paragraphs(const std::string& text) {
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

void Document::note(const std::string& text) {
  Text n(ctx_, text, kCaption, kWidth);
  place(n.height());
  Tag tag(cr_, "P");
  flow(n, kLeft);
}

int Document::section_heading(const std::string& title, double keep_with) {
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
  if (pass_ == Pass::kDraw) {
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
  return page_;
}

void Document::subheading(const std::string& title, const Style& s, const char* tag) {
  place(0);  // an earlier heading without a block
  pending_ = Pending{title, s, tag};
}

void Document::place(double h) {
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

// Column widths and row heights of a table, measured with the fonts it is drawn with.
TableMeasure Document::measure(const TableData& data) const {
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

void Document::table(const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& rows) {
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

}  // namespace bb::render::pdf
