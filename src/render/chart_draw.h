// Drawing primitives shared by the charts (chart.*, survey_chart.*): a ChartLabel or ChartBox
// written as SVG or drawn with cairo + pango, and the rough UTF-8 measures their layouts use.
// Internal to render/. Pure functions, thread-safe; cairo contexts and fonts are borrowed.
#pragma once

#include <string>
#include <string_view>

#include "render/chart.h"

namespace bb::render::draw {

// A colour as cairo wants it and as SVG writes it.
struct Rgb {
  double r, g, b;
  const char* hex;
};
inline constexpr Rgb kText{0x1a / 255.0, 0x1a / 255.0, 0x1a / 255.0, "#1a1a1a"};  // 17:1 on white

// Code points in UTF-8 text, and the text cut to at most `max` of them with "…".
size_t code_points(std::string_view s);
std::string cut(const std::string& s, size_t max);

// Rough text width in layout units, for positions an SVG cannot measure.
double estimated_width(const std::string& s, double size);

// A number for an SVG attribute: at most two decimals, no trailing zeros, no "-0".
std::string num(double v);

// An id safe in XML and CSS: `prefix` followed by `name` with anything but [A-Za-z0-9_-] as "_".
std::string svg_id(std::string_view prefix, std::string_view name);

// <text class="cls" …> and <rect … attrs/>, appended to `out`. svg_text_middle centres the
// label on l.x (anchor_end is ignored).
void svg_text(std::string& out, const ChartLabel& l, const char* fill, const char* cls);
void svg_text_middle(std::string& out, const ChartLabel& l, const char* fill, const char* cls);
void svg_rect(std::string& out, const ChartBox& b, const std::string& attrs);

// A pattern of diagonal lines (45°) `step` apart over `fill`, for fill="url(#id)".
void svg_hatch_pattern(std::string& out, const std::string& id, double step, const Rgb& fill, const Rgb& line,
                       double line_width);

void set_colour(cairo_t* cr, const Rgb& c);

// Fills `b` with `fill` and the same diagonal lines as svg_hatch_pattern() (line_width in
// user units, measured across the line).
void cairo_hatch(cairo_t* cr, const ChartBox& b, double step, const Rgb& fill, const Rgb& line,
                 double line_width);

// Draws `l` with `font`'s family at the label's size, on one line cut with "…" at max_width;
// an anchor_end label ends at l.x.
void cairo_text(cairo_t* cr, const PangoFontDescription* font, const ChartLabel& l, const Rgb& colour,
                double max_width);
// The same centred on l.x within max_width.
void cairo_text_middle(cairo_t* cr, const PangoFontDescription* font, const ChartLabel& l, const Rgb& colour,
                       double max_width);

}  // namespace bb::render::draw
