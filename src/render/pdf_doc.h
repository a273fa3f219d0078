// The machinery shared by Brobygger's PDFs (the annual report, the survey report, the paper
// questionnaire and the code slips): A4 page geometry, colours and text styles, pango text
// blocks, tagged-PDF structure elements, a Document that flows blocks down the pages, and
// render_pdf() that runs a drawing into PDF bytes.
//
// A Document keeps a cursor (page_, y_) and offers blocks that respect the page: headings kept
// with the block after them, paragraphs that continue on the next page line by line, tables
// whose header row repeats on every page they run onto, and a footer with "Side N af M". A
// PDF that prints "af M" is drawn twice: a measuring pass (Pass::kMeasure) finds M, the drawing
// pass (Pass::kDraw) prints it; the numbers only fill fixed places, so both passes break the
// pages identically.
//
// Text is set with pango (IBM Plex Sans, else DejaVu Sans; the font is embedded), cleaned with
// clean_text() first. One Document per rendering, on one thread; the surface is borrowed.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bb::render::pdf {

// --- page geometry (points; A4 portrait) --------------------------------------------------------
inline constexpr double kPageW = 595.276;
inline constexpr double kPageH = 841.890;
inline constexpr double kLeft = 66;
inline constexpr double kRight = 66;
inline constexpr double kTop = 70;
inline constexpr double kBottom = kPageH - 78;  // content ends here; the footer sits below
inline constexpr double kWidth = kPageW - kLeft - kRight;
inline constexpr const char* kFontFamily = "IBM Plex Sans,DejaVu Sans";

struct Colour {
  double r, g, b;
};
inline constexpr Colour kBlue{0x00 / 255.0, 0x49 / 255.0, 0x93 / 255.0};
inline constexpr Colour kInk{0x1a / 255.0, 0x1a / 255.0, 0x1a / 255.0};
inline constexpr Colour kMuted{0x55 / 255.0, 0x55 / 255.0, 0x55 / 255.0};  // 7.5:1 on white
inline constexpr Colour kRule{0xc4 / 255.0, 0xc9 / 255.0, 0xd0 / 255.0};
inline constexpr Colour kZebra{0xf5 / 255.0, 0xf7 / 255.0, 0xfa / 255.0};  // every other table row
inline constexpr Colour kWhite{1, 1, 1};
inline constexpr Colour kCoverTint{0xc9 / 255.0, 0xdc / 255.0, 0xf0 / 255.0};  // 6.2:1 on kBlue

struct Style {
  double size;
  bool bold = false;
  Colour colour = kInk;
  double spacing = 0;  // line-spacing factor (0: the font's own)
};
inline constexpr Style kBody{10, false, kInk, 1.4};
inline constexpr Style kH1{19, true, kBlue};
inline constexpr Style kH2{12.5, true, kInk, 1.2};
inline constexpr Style kH3{10.5, true, kInk, 1.2};
inline constexpr Style kCaption{8.5, false, kMuted};
inline constexpr Style kCell{9, false, kInk, 1.15};
inline constexpr Style kHeadCell{8.5, true, kInk, 1.15};
inline constexpr Style kFooter{8, false, kMuted};
inline constexpr double kCellPadX = 6;
inline constexpr double kCellPadY = 4.5;
inline constexpr double kTableAfter = 10;

// `text` with every "{key}" replaced by its value.
std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values);

void set_colour(cairo_t* cr, const Colour& c);

// The document information dictionary (cleaned; the creator is "Brobygger").
struct Metadata {
  std::string title;
  std::string author;
  std::string subject;
};

// Creates an A4 PDF surface writing into *out (nowhere when out is null: a measuring pass),
// sets the metadata, runs draw(surface) and finishes the file. Throws std::runtime_error if
// cairo fails.
void render_pdf(std::string* out, const Metadata& meta, const std::function<void(cairo_surface_t*)>& draw);

// A structure element of the tagged PDF (headings, paragraphs, tables, figures), so screen
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

// A pango layout (owned) of cleaned text in a style; wrapped at `width` when width > 0.
class Text {
 public:
  Text(PangoContext* ctx, const std::string& text, const Style& s, double width,
       PangoAlignment align = PANGO_ALIGN_LEFT, const char* family = kFontFamily);
  ~Text() { g_object_unref(layout_); }
  Text(const Text&) = delete;
  Text& operator=(const Text&) = delete;

  double height() const;
  double width() const;  // of the text as set (the widest line)
  void draw(cairo_t* cr, double x, double y) const;
  PangoLayout* get() const { return layout_; }
  const Style& style() const { return style_; }

 private:
  PangoLayout* layout_;
  Style style_;
};

// A table column: its header and width (0: what the others leave). Right-aligned columns after
// the first hold numbers, which never wrap.
struct Column {
  std::string header;
  double width;
  bool right = true;
};

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

// The footer drawn at the bottom of each page: a rule, `left` on the left and `page` (with
// {n} and {m}) on the right. No footer when `page` is empty; none before `first_page`.
struct Footer {
  std::string left;
  std::string page;
  int first_page = 1;
};

enum class Pass { kMeasure, kDraw };

class Document {
 public:
  // total_pages: what the measuring pass found (printed as "af M"); 0 while measuring.
  Document(cairo_surface_t* surface, Pass pass, int total_pages, Footer footer);
  virtual ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // Pages and flow.
  void new_page();
  void finish_page();  // draws the footer of the current page
  void ensure(double height) {
    if (y_ + height > kBottom && y_ > kTop + 1) new_page();
  }
  double room() const { return kBottom - y_; }
  void gap(double h) { y_ += h; }
  // Ends the last page and returns the page count; throws std::runtime_error if cairo failed.
  int finish();

  // Blocks.
  // A section heading (H1 with a short rule under it, and an entry in the PDF outline when
  // drawing): on a new page unless it and `keep_with` points of what follows fit below what
  // is there. Returns its page.
  int section_heading(const std::string& title, double keep_with);
  // A heading kept with the block after it: drawn by that block's place().
  void subheading(const std::string& title, const Style& s, const char* tag);
  // Makes room for a block of height h (after the pending subheading, if any).
  void place(double h);
  // Paragraphs are separated by blank lines; single line breaks are kept.
  void paragraphs(const std::string& text);
  // Draws a wrapped text at x, line by line, continuing on the next page where it runs out.
  void flow(const Text& text, double x);
  void note(const std::string& text);
  TableMeasure measure(const TableData& data) const;
  // A table with a header row, repeated at the top of every page it runs onto. The first column
  // takes the width the others leave and is left-aligned; long texts wrap within their column.
  void table(const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& rows);

 protected:
  cairo_surface_t* surface_;
  cairo_t* cr_;
  PangoContext* ctx_ = nullptr;
  PangoFontDescription* chart_font_ = nullptr;  // for the charts (their sizes come from the layout)
  Pass pass_;
  int total_pages_;
  Footer footer_;
  int page_ = 1;
  double y_ = kTop;
  struct Pending {
    std::string title;
    Style style;
    const char* tag;  // "H2", "H3", "Caption"
  };
  std::optional<Pending> pending_;
  bool just_headed_ = false;  // a section heading was drawn and nothing after it yet
};

}  // namespace bb::render::pdf
