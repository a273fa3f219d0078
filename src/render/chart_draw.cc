#include "render/chart_draw.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <cstdio>

namespace bb::render::draw {

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string cut(const std::string& s, size_t max) {
  if (code_points(s) <= max) return s;
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == max - 1) break;
  }
  return s.substr(0, i) + "…";
}

double estimated_width(const std::string& s, double size) {
  return code_points(s) * size * 0.62;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string svg_id(std::string_view prefix, std::string_view name) {
  std::string out(prefix);
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    out += ok ? c : '_';
  }
  return out;
}

namespace {

void svg_text_anchored(std::string& out, const ChartLabel& l, const char* fill, const char* cls,
                       const char* anchor) {
  out += "<text class=\"";
  out += cls;
  out += "\" x=\"" + num(l.x) + "\" y=\"" + num(l.baseline) + "\" font-size=\"" + num(l.size) + "\" fill=\"" +
         fill + "\"";
  if (anchor) out += std::string(" text-anchor=\"") + anchor + "\"";
  out += ">" + xml_escape(l.text) + "</text>";
}

void cairo_text_aligned(cairo_t* cr, const PangoFontDescription* font, const ChartLabel& l, const Rgb& colour,
                        double max_width, PangoAlignment align, double left) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* f = pango_font_description_copy(font);
  pango_font_description_set_absolute_size(f, l.size * PANGO_SCALE);
  pango_layout_set_font_description(layout, f);
  const std::string clean = clean_text(l.text);
  pango_layout_set_text(layout, clean.c_str(), static_cast<int>(clean.size()));
  pango_layout_set_width(layout, static_cast<int>(max_width * PANGO_SCALE));
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode(layout, TRUE);
  if (align != PANGO_ALIGN_LEFT) pango_layout_set_alignment(layout, align);
  const double baseline = pango_layout_get_baseline(layout) / static_cast<double>(PANGO_SCALE);
  set_colour(cr, colour);
  cairo_move_to(cr, left, l.baseline - baseline);
  pango_cairo_show_layout(cr, layout);
  pango_font_description_free(f);
  g_object_unref(layout);
}

}  // namespace

void svg_text(std::string& out, const ChartLabel& l, const char* fill, const char* cls) {
  svg_text_anchored(out, l, fill, cls, l.anchor_end ? "end" : nullptr);
}

void svg_text_middle(std::string& out, const ChartLabel& l, const char* fill, const char* cls) {
  svg_text_anchored(out, l, fill, cls, "middle");
}

void svg_rect(std::string& out, const ChartBox& b, const std::string& attrs) {
  out += "<rect x=\"" + num(b.x) + "\" y=\"" + num(b.y) + "\" width=\"" + num(b.w) + "\" height=\"" +
         num(b.h) + "\" " + attrs + "/>";
}

void svg_hatch_pattern(std::string& out, const std::string& id, double step, const Rgb& fill, const Rgb& line,
                       double line_width) {
  out += "<pattern id=\"" + id + "\" patternUnits=\"userSpaceOnUse\" width=\"" + num(step) + "\" height=\"" +
         num(step) + "\" patternTransform=\"rotate(45)\"><rect width=\"" + num(step) + "\" height=\"" +
         num(step) + "\" fill=\"" + fill.hex + "\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"" + num(step) +
         "\" stroke=\"" + line.hex + "\" stroke-width=\"" + num(line_width) + "\"/></pattern>";
}

void set_colour(cairo_t* cr, const Rgb& c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void cairo_hatch(cairo_t* cr, const ChartBox& b, double step, const Rgb& fill, const Rgb& line,
                 double line_width) {
  cairo_save(cr);
  cairo_rectangle(cr, b.x, b.y, b.w, b.h);
  cairo_clip(cr);
  set_colour(cr, fill);
  cairo_paint(cr);
  // Lines x + y = c, perpendicular spacing `step` (the SVG pattern rotated by 45°).
  const double diagonal_step = step * std::sqrt(2.0);
  set_colour(cr, line);
  cairo_set_line_width(cr, line_width);
  for (double c = std::floor((b.x + b.y) / diagonal_step) * diagonal_step;
       c <= b.x + b.w + b.y + b.h + diagonal_step; c += diagonal_step) {
    cairo_move_to(cr, c - b.y + 1, b.y - 1);
    cairo_line_to(cr, c - (b.y + b.h) - 1, b.y + b.h + 1);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

void cairo_text(cairo_t* cr, const PangoFontDescription* font, const ChartLabel& l, const Rgb& colour,
                double max_width) {
  cairo_text_aligned(cr, font, l, colour, max_width, l.anchor_end ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT,
                     l.anchor_end ? l.x - max_width : l.x);
}

void cairo_text_middle(cairo_t* cr, const PangoFontDescription* font, const ChartLabel& l, const Rgb& colour,
                       double max_width) {
  cairo_text_aligned(cr, font, l, colour, max_width, PANGO_ALIGN_CENTER, l.x - max_width / 2);
}

}  // namespace bb::render::draw
