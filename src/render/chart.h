// Bar charts for the annual report, and the small helpers every report output shares.
//
// One chart, two renderings: layout_bar_chart() computes every bar, label and legend position
// in abstract units (kChartWidth wide); bar_chart_svg() writes that layout as an accessible
// inline SVG for the web pages and draw_bar_chart() draws the same layout with cairo + pango
// (vectors) for the PDF, so both look the same. Horizontal bars: the current period solid dark
// blue, the previous period hatched grey with an outline, and a legend in text, so nothing is
// told by colour alone. A suppressed count ("< 5") gets no bar, only its text. The numbers
// themselves belong in a table beside the chart (the SVG is one image to a screen reader).
//
// Pure functions over the report model (domain/report.h); thread-safe. The cairo context and
// font description passed to draw_bar_chart() are borrowed, not owned.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/report.h"

// The C types of cairo and pango, declared as their headers declare them, so that users of
// bar_chart_svg() need not include cairo or glib.
typedef struct _cairo cairo_t;
typedef struct _PangoFontDescription PangoFontDescription;

namespace bb::render {

// --- shared by chart, PDF and XLSX ------------------------------------------------------------

// One row of a report table with the previous period's count beside it. Rows are paired by
// key, then by label (months: "2024-03" and "2023-03" are both "marts"); a row only the
// previous period has comes last with a current count of 0.
struct PairedRow {
  std::string label;
  Cell current;
  std::optional<Cell> previous;  // absent when there is no previous table
};
std::vector<PairedRow> pair_rows(const Table& current, const Table* previous);

// Well-formed UTF-8 without control characters (tabs and newlines kept): invalid bytes become
// U+FFFD. Everything stored by users goes through this before XML, pango or xlsxwriter.
std::string clean_text(std::string_view s);
// Text for XML content and attribute values (& < > " ' escaped; cleaned as above).
std::string xml_escape(std::string_view s);

// Danish number formats: "1.234", "< 5" (suppressed), "12,5 %", "+3,0 %", "−2,5 %".
std::string format_count(const Cell& c, int threshold);
std::string format_int(int64_t n);
std::string format_decimal(double v, int decimals);
std::string format_percent(double pct);  // "12,5 %"
std::string format_change(double pct);   // "+12,5 %", "−3,0 %", "0,0 %"

// --- the chart ----------------------------------------------------------------------------------

// The texts around a chart (from the message catalogue): the legend's names for the two series
// and the description read by screen readers (<desc>).
struct ChartText {
  std::string current;      // "2024"
  std::string previous;     // "2023" (unused without a previous table)
  std::string description;  // "Vandrette søjler … Tallene står i tabellen under diagrammet."
};

inline constexpr double kChartWidth = 600;  // layout units (SVG viewBox width)

struct ChartBox {
  double x = 0, y = 0, w = 0, h = 0;
};

// A text at a baseline position. anchor_end: x is where the text ends (right-aligned labels).
struct ChartLabel {
  std::string text;
  double x = 0, baseline = 0;
  double size = 12;
  bool anchor_end = false;
};

struct ChartBar {
  std::optional<ChartBox> bar;  // absent for 0 and for a suppressed count
  ChartLabel value;             // the count ("1.234", "0", "< 5") after the bar
};

struct ChartRowLayout {
  ChartLabel label;
  ChartBar current;
  std::optional<ChartBar> previous;
};

struct ChartLayout {
  double width = kChartWidth;
  double height = 0;
  ChartBox legend_current, legend_previous;  // swatches
  ChartLabel legend_current_text, legend_previous_text;
  bool has_previous = false;
  double axis_x = 0, axis_top = 0, axis_bottom = 0;  // the bars' base line
  std::vector<ChartRowLayout> rows;
};

// Label beside the bars when every label is short, above them otherwise (reason texts are
// long); over-long labels are cut with "…" (the table beside the chart has them in full).
ChartLayout layout_bar_chart(const Table& t, const Table* previous, int threshold, const ChartText& text);

// The chart as inline SVG: role="img", aria-labelledby its <title> and <desc>, a viewBox and
// no fixed size (it scales to its container), presentation attributes only (no style
// attributes, so a strict CSP allows it). Ids are derived from t.id, so a page can hold
// several charts of different tables.
std::string bar_chart_svg(const Table& t, const Table* previous, int threshold, const std::string& title,
                          const ChartText& text);

// Draws the same chart with its top-left corner at (x, y), `width` user units wide, using
// `font`'s family (its size is ignored: sizes come from the layout). Returns the height drawn.
double draw_bar_chart(cairo_t* cr, double x, double y, double width, const Table& t, const Table* previous,
                      int threshold, const ChartText& text, const PangoFontDescription* font);

// The height draw_bar_chart() will use for `width`, without drawing.
double bar_chart_height(double width, const Table& t, const Table* previous, int threshold,
                        const ChartText& text);

}  // namespace bb::render
