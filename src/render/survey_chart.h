// The Likert chart of a satisfaction survey: one stacked horizontal bar per statement of a
// questionnaire group, split into the six answers (5 Meget enig … 1 Meget uenig, 0 Ved ikke)
// by their counts, with the share of "enig" and "meget enig" after the bar.
//
// One chart, two renderings, as with the report's bar chart (chart.h): layout_likert_chart()
// computes every box and label in abstract units (kLikertChartWidth wide); likert_chart_svg()
// writes that layout as accessible inline SVG for the web pages and draw_likert_chart() draws it
// with cairo + pango for the PDF. The answers differ in lightness and in pattern (solid, dotted,
// hatched, outlined), and a legend names them in text, so nothing is told by colour alone; each
// segment wide enough carries its percentage, in dark text on light fills and white on dark
// ones (WCAG AA, ≥ 4.5:1). Only Likert questions that someone answered get a bar. The numbers
// themselves belong in tables beside the chart (the SVG is one image to a screen reader).
//
// Pure functions over domain/survey.h; thread-safe. The cairo context and font description
// passed to draw_likert_chart() are borrowed.
#pragma once

#include <string>
#include <vector>

#include "domain/survey.h"
#include "render/chart.h"
#include "render/renderer.h"

namespace bb::render {

// The texts around a Likert chart (from the message catalogue, "survey_render.chart_*").
struct LikertChartText {
  std::string title;        // <title>: "Svar på udsagnene – Spørgeskema til borgere"
  std::string description;  // <desc>: how to read the chart, and that the numbers are in tables
  std::string agree;        // heading of the agree column: "Enige"
};

// The catalogue's texts for the chart of `group_title`.
LikertChartText likert_chart_text(const Messages& m, const std::string& lang, const std::string& group_title);

inline constexpr double kLikertChartWidth = 600;  // layout units (SVG viewBox width)

struct LikertSegment {
  std::string code;  // "5" … "0"
  ChartBox box;
  bool has_value = false;  // the percentage fits on the segment
  ChartLabel value;        // centred on value.x
};

struct LikertRow {
  std::string question;                 // the question id
  std::vector<ChartLabel> label;        // the question text in up to two lines, above the bar
  ChartBox bar;                         // the whole bar (the segments fill it)
  std::vector<LikertSegment> segments;  // answers with a count, in scale order
  ChartLabel agree;                     // "91,5 %" after the bar
};

struct LikertLegendItem {
  std::string code;
  ChartBox swatch;
  ChartLabel text;
};

struct LikertChartLayout {
  double width = kLikertChartWidth;
  double height = 0;
  std::vector<LikertLegendItem> legend;  // the six answers, wrapped onto as many lines as needed
  ChartLabel agree_heading;              // above the agree column
  std::vector<LikertRow> rows;           // empty when no Likert question was answered
};

LikertChartLayout layout_likert_chart(const GroupResult& g, const LikertChartText& text);

// The chart as inline SVG: role="img", aria-labelledby its <title> and <desc>, a viewBox and
// no fixed size, presentation attributes only (no style attributes, for a strict CSP). Ids
// are derived from g.group, so a page can hold the charts of several groups.
std::string likert_chart_svg(const GroupResult& g, const LikertChartText& text);

// Draws the same chart with its top-left corner at (x, y), `width` user units wide, using
// `font`'s family (sizes come from the layout).
void draw_likert_chart(cairo_t* cr, PangoFontDescription* font, const GroupResult& g,
                       const LikertChartText& text, double x, double y, double width);

// The height draw_likert_chart() will use for `width`, without drawing.
double likert_chart_height(const GroupResult& g, const LikertChartText& text, double width);

}  // namespace bb::render
