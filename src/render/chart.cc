#include "render/chart.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "render/chart_draw.h"

namespace bb::render {

namespace {

using draw::cairo_text;
using draw::code_points;
using draw::cut;
using draw::estimated_width;
using draw::kText;
using draw::num;
using draw::Rgb;
using draw::set_colour;
using draw::svg_rect;
using draw::svg_text;

// Colours (WCAG AA against white: text ≥ 4.5:1, bars and outlines ≥ 3:1).
constexpr Rgb kBlue{0x00 / 255.0, 0x49 / 255.0, 0x93 / 255.0, "#004993"};      // 8.6:1
constexpr Rgb kGreyLine{0x59 / 255.0, 0x59 / 255.0, 0x59 / 255.0, "#595959"};  // 7.0:1
constexpr Rgb kGreyFill{0xe6 / 255.0, 0xe6 / 255.0, 0xe6 / 255.0, "#e6e6e6"};
constexpr Rgb kTextMuted{0x40 / 255.0, 0x40 / 255.0, 0x40 / 255.0, "#404040"};  // 10:1

// Layout constants, in chart units.
constexpr double kLabelSize = 12;
constexpr double kValueSize = 11;
constexpr double kPreviousValueSize = 10;
constexpr double kValueReserve = 72;  // room after the longest bar for its count
constexpr size_t kShortLabel = 26;    // code points: labels this short go beside the bars
constexpr size_t kMaxLabel = 84;      // code points: longer labels are cut with "…"
constexpr double kLabelColumn = 208;  // right edge of labels beside the bars
constexpr double kCurrentBarH = 16;
constexpr double kPreviousBarH = 10;
constexpr double kBarGap = 2;
constexpr double kHatchStep = 6;

ChartBar bar_for(const Cell& c, int threshold, double axis_x, double y, double h, double plot_w, int64_t max,
                 double value_size) {
  ChartBar b;
  double end = axis_x;
  if (!c.suppressed && c.n > 0 && max > 0) {
    const double w = std::max(1.0, plot_w * static_cast<double>(c.n) / static_cast<double>(max));
    b.bar = ChartBox{axis_x, y, w, h};
    end = axis_x + w;
  }
  b.value = ChartLabel{format_count(c, threshold), end + 5, y + h / 2 + value_size * 0.36, value_size, false};
  return b;
}

}  // namespace

// --- shared helpers -----------------------------------------------------------------------------

std::vector<PairedRow> pair_rows(const Table& current, const Table* previous) {
  std::vector<PairedRow> out;
  out.reserve(current.rows.size() + (previous ? previous->rows.size() : 0));
  if (!previous) {
    for (const Row& r : current.rows) out.push_back({r.label, r.count, std::nullopt});
    return out;
  }
  std::unordered_map<std::string, size_t> by_key, by_label;
  for (size_t i = 0; i < previous->rows.size(); ++i) {
    by_key.emplace(previous->rows[i].key, i);
    by_label.emplace(previous->rows[i].label, i);
  }
  std::vector<bool> used(previous->rows.size(), false);
  auto take = [&](const std::unordered_map<std::string, size_t>& index,
                  const std::string& k) -> std::optional<size_t> {
    auto it = index.find(k);
    if (it == index.end() || used[it->second]) return std::nullopt;
    used[it->second] = true;
    return it->second;
  };
  for (const Row& r : current.rows) {
    auto i = take(by_key, r.key);
    if (!i) i = take(by_label, r.label);
    out.push_back({r.label, r.count, i ? previous->rows[*i].count : Cell{}});
  }
  for (size_t i = 0; i < previous->rows.size(); ++i) {
    if (!used[i]) out.push_back({previous->rows[i].label, Cell{}, previous->rows[i].count});
  }
  return out;
}

std::string clean_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c >= 0x20 || c == '\n' || c == '\t') out += static_cast<char>(c);
      if (c == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n')) out += '\n';
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    }
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok) {
      const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
      const bool bad = overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF ||
                       (cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
      if (!bad) {
        out.append(s.substr(i, len));
      } else if (cp < 0x80 || cp > 0x9F) {  // C1 controls are dropped like C0
        out += "\xEF\xBF\xBD";
      }
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

std::string xml_escape(std::string_view s) {
  const std::string clean = clean_text(s);
  std::string out;
  out.reserve(clean.size() + 16);
  for (char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_int(int64_t n) {
  const bool negative = n < 0;
  const uint64_t m = negative ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  std::string digits = std::to_string(m);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return negative ? "−" + out : out;
}

std::string format_count(const Cell& c, int threshold) {
  return c.suppressed ? c.text(threshold) : format_int(c.n);
}

std::string format_decimal(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  double rounded = std::round(v * scale) / scale;
  if (rounded == 0) rounded = 0;  // no "-0,0"
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(rounded));
  std::string s = buf;
  // Thousands separators on the integer part, decimal comma.
  const size_t dot = s.find('.');
  std::string int_part = s.substr(0, dot);
  std::string grouped;
  for (size_t i = 0; i < int_part.size(); ++i) {
    if (i > 0 && (int_part.size() - i) % 3 == 0) grouped += '.';
    grouped += int_part[i];
  }
  if (dot != std::string::npos) grouped += "," + s.substr(dot + 1);
  return rounded < 0 ? "−" + grouped : grouped;
}

std::string format_percent(double pct) {
  return format_decimal(pct, 1) + " %";
}

std::string format_change(double pct) {
  const std::string s = format_decimal(pct, 1);
  const bool zero = std::round(pct * 10) == 0;
  return (zero || pct < 0 ? s : "+" + s) + " %";
}

// --- layout -------------------------------------------------------------------------------------

ChartLayout layout_bar_chart(const Table& t, const Table* previous, int threshold, const ChartText& text) {
  ChartLayout L;
  L.has_previous = previous != nullptr;
  const std::vector<PairedRow> rows = pair_rows(t, previous);

  // Legend.
  L.legend_current = ChartBox{0, 4, 14, 14};
  L.legend_current_text = ChartLabel{cut(text.current, 40), 20, 16, kLabelSize, false};
  if (L.has_previous) {
    const double x = 20 + estimated_width(L.legend_current_text.text, kLabelSize) + 28;
    L.legend_previous = ChartBox{x, 4, 14, 14};
    L.legend_previous_text = ChartLabel{cut(text.previous, 40), x + 20, 16, kLabelSize, false};
  }

  size_t longest = 0;
  int64_t max = 0;
  for (const PairedRow& r : rows) {
    longest = std::max(longest, code_points(r.label));
    if (!r.current.suppressed) max = std::max(max, r.current.n);
    if (r.previous && !r.previous->suppressed) max = std::max(max, r.previous->n);
  }
  const bool beside = longest <= kShortLabel;
  L.axis_x = beside ? kLabelColumn + 8 : 0;
  const double plot_w = L.width - L.axis_x - kValueReserve;
  const double bars_h = kCurrentBarH + (L.has_previous ? kBarGap + kPreviousBarH : 0);

  double y = 34;
  L.axis_top = y - 4;
  for (const PairedRow& r : rows) {
    ChartRowLayout row;
    double bar_y = y;
    if (beside) {
      row.label = ChartLabel{r.label, kLabelColumn, y + bars_h / 2 + kLabelSize * 0.36, kLabelSize, true};
    } else {
      row.label = ChartLabel{cut(r.label, kMaxLabel), 0, y + kLabelSize, kLabelSize, false};
      bar_y = y + kLabelSize + 6;
    }
    row.current = bar_for(r.current, threshold, L.axis_x, bar_y, kCurrentBarH, plot_w, max, kValueSize);
    if (L.has_previous) {
      row.previous = bar_for(r.previous.value_or(Cell{}), threshold, L.axis_x, bar_y + kCurrentBarH + kBarGap,
                             kPreviousBarH, plot_w, max, kPreviousValueSize);
    }
    y = bar_y + bars_h + (beside ? 8 : 12);
    L.rows.push_back(std::move(row));
  }
  L.axis_bottom = y - (beside ? 6 : 10);
  L.height = y + 2;
  return L;
}

// --- SVG ----------------------------------------------------------------------------------------

std::string bar_chart_svg(const Table& t, const Table* previous, int threshold, const std::string& title,
                          const ChartText& text) {
  const ChartLayout L = layout_bar_chart(t, previous, threshold, text);
  const std::string id = draw::svg_id("bbc-", t.id);
  const std::string hatch = id + "-hatch";
  const std::string current_attrs = std::string("fill=\"") + kBlue.hex + "\"";
  const std::string previous_attrs =
      "fill=\"url(#" + hatch + ")\" stroke=\"" + kGreyLine.hex + "\" stroke-width=\"1\"";

  std::string out;
  out.reserve(1024 + L.rows.size() * 400);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bb-chart\" viewBox=\"0 0 " + num(L.width) + " " +
         num(L.height) + "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id +
         "-desc\" focusable=\"false\">";
  out += "<title id=\"" + id + "-title\">" + xml_escape(title) + "</title>";
  out += "<desc id=\"" + id + "-desc\">" + xml_escape(text.description) + "</desc>";
  if (L.has_previous) {
    out += "<defs>";
    draw::svg_hatch_pattern(out, hatch, kHatchStep, kGreyFill, kGreyLine, 2);
    out += "</defs>";
  }
  out += "<g class=\"legend\">";
  svg_rect(out, L.legend_current, current_attrs);
  svg_text(out, L.legend_current_text, kText.hex, "legend-text");
  if (L.has_previous) {
    svg_rect(out, L.legend_previous, previous_attrs);
    svg_text(out, L.legend_previous_text, kText.hex, "legend-text");
  }
  out += "</g>";
  if (!L.rows.empty()) {
    out += "<line class=\"axis\" x1=\"" + num(L.axis_x) + "\" y1=\"" + num(L.axis_top) + "\" x2=\"" +
           num(L.axis_x) + "\" y2=\"" + num(L.axis_bottom) + "\" stroke=\"" + kGreyLine.hex +
           "\" stroke-width=\"1\"/>";
  }
  for (const ChartRowLayout& row : L.rows) {
    out += "<g class=\"row\">";
    svg_text(out, row.label, kText.hex, "label");
    if (row.current.bar) svg_rect(out, *row.current.bar, "class=\"bar bar-current\" " + current_attrs);
    svg_text(out, row.current.value, kText.hex, "value");
    if (row.previous) {
      if (row.previous->bar) {
        svg_rect(out, *row.previous->bar, "class=\"bar bar-previous\" " + previous_attrs);
      }
      svg_text(out, row.previous->value, kTextMuted.hex, "value value-previous");
    }
    out += "</g>";
  }
  out += "</svg>";
  return out;
}

// --- cairo --------------------------------------------------------------------------------------

namespace {

void cairo_current_bar(cairo_t* cr, const ChartBox& b) {
  set_colour(cr, kBlue);
  cairo_rectangle(cr, b.x, b.y, b.w, b.h);
  cairo_fill(cr);
}

void cairo_previous_bar(cairo_t* cr, const ChartBox& b) {
  draw::cairo_hatch(cr, b, kHatchStep, kGreyFill, kGreyLine, 2 / std::sqrt(2.0) * 1.2);
  set_colour(cr, kGreyLine);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, b.x + 0.5, b.y + 0.5, std::max(0.0, b.w - 1), b.h - 1);
  cairo_stroke(cr);
}

}  // namespace

double bar_chart_height(double width, const Table& t, const Table* previous, int threshold,
                        const ChartText& text) {
  return layout_bar_chart(t, previous, threshold, text).height * width / kChartWidth;
}

double draw_bar_chart(cairo_t* cr, double x, double y, double width, const Table& t, const Table* previous,
                      int threshold, const ChartText& text, const PangoFontDescription* font) {
  const ChartLayout L = layout_bar_chart(t, previous, threshold, text);
  const double scale = width / L.width;
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, scale, scale);

  cairo_current_bar(cr, L.legend_current);
  cairo_text(cr, font, L.legend_current_text, kText, 260);
  if (L.has_previous) {
    cairo_previous_bar(cr, L.legend_previous);
    cairo_text(cr, font, L.legend_previous_text, kText, 260);
  }
  if (!L.rows.empty()) {
    set_colour(cr, kGreyLine);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, L.axis_x + 0.5, L.axis_top);
    cairo_line_to(cr, L.axis_x + 0.5, L.axis_bottom);
    cairo_stroke(cr);
  }
  for (const ChartRowLayout& row : L.rows) {
    const double label_room = row.label.anchor_end ? kLabelColumn : L.width;
    cairo_text(cr, font, row.label, kText, label_room);
    if (row.current.bar) cairo_current_bar(cr, *row.current.bar);
    cairo_text(cr, font, row.current.value, kText, kValueReserve + 40);
    if (row.previous) {
      if (row.previous->bar) cairo_previous_bar(cr, *row.previous->bar);
      cairo_text(cr, font, row.previous->value, kTextMuted, kValueReserve + 40);
    }
  }
  cairo_restore(cr);
  return L.height * scale;
}

}  // namespace bb::render
