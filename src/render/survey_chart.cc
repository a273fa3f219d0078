#include "render/survey_chart.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "render/chart_draw.h"
#include "render/pdf_doc.h"

namespace bb::render {

namespace {

using draw::code_points;
using draw::estimated_width;
using draw::kText;
using draw::num;
using draw::Rgb;

// The answers' looks, in scale order. Text on each fill (and on its pattern's marks) has a
// contrast of at least 4.5:1: white on the dark fills, #1a1a1a on the light ones.
enum class Pattern { kSolid, kDots, kHatch, kOutline };
struct AnswerLook {
  const char* code;
  Rgb fill;
  Rgb mark;  // dots or hatch lines
  Pattern pattern;
  bool dark;  // white text
};
constexpr Rgb kWhite{1, 1, 1, "#ffffff"};
constexpr Rgb kOutline{0x59 / 255.0, 0x59 / 255.0, 0x59 / 255.0, "#595959"};  // 7.0:1 on white
constexpr AnswerLook kLooks[] = {
    {"5", {0x00 / 255.0, 0x49 / 255.0, 0x93 / 255.0, "#004993"}, kWhite, Pattern::kSolid, true},   // 8.8:1
    {"4", {0x8f / 255.0, 0xb5 / 255.0, 0xde / 255.0, "#8fb5de"}, kWhite, Pattern::kSolid, false},  // 8.2:1
    {"3",
     {0xe3 / 255.0, 0xe3 / 255.0, 0xe3 / 255.0, "#e3e3e3"},
     {0x8c / 255.0, 0x8c / 255.0, 0x8c / 255.0, "#8c8c8c"},
     Pattern::kDots,
     false},  // 13.6:1, dots 5.2:1
    {"2",
     {0xf5 / 255.0, 0xc6 / 255.0, 0xa0 / 255.0, "#f5c6a0"},
     {0xd9 / 255.0, 0x89 / 255.0, 0x4a / 255.0, "#d9894a"},
     Pattern::kHatch,
     false},  // 11.2:1, lines 6.3:1
    {"1",
     {0xa6 / 255.0, 0x3d / 255.0, 0x00 / 255.0, "#a63d00"},
     {0x7f / 255.0, 0x2f / 255.0, 0x00 / 255.0, "#7f2f00"},
     Pattern::kHatch,
     true},                                           // 6.4:1, lines 9.1:1
    {"0", kWhite, kWhite, Pattern::kOutline, false},  // 17.4:1
};

const AnswerLook& look_of(const std::string& code) {
  for (const AnswerLook& l : kLooks) {
    if (code == l.code) return l;
  }
  return kLooks[5];  // an unknown code is drawn as "Ved ikke"
}

// Layout constants, in chart units.
constexpr double kLegendSize = 11;
constexpr double kSwatch = 12;
constexpr double kLegendLine = 20;
constexpr double kLabelSize = 12;
constexpr double kLabelLine = 15;
constexpr size_t kLabelLines = 2;
constexpr double kValueSize = 10.5;
constexpr double kAgreeSize = 12;
constexpr double kAgreeReserve = 78;  // the agree column after the bars
constexpr double kInset = 1;          // keeps bar and swatch outlines inside the view box
constexpr double kBarH = 22;
constexpr double kRowGap = 14;
constexpr double kPatternStep = 5;
constexpr double kHatchWidth = 1.5;
constexpr double kDotRadius = 0.9;

// Greedy word wrap into at most `lines` lines of at most `max` code points; the last line is
// cut with "…" when the text does not fit.
std::vector<std::string> wrap(const std::string& text, size_t max, size_t lines) {
  std::vector<std::string> words;
  std::string word;
  for (char c : clean_text(text)) {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::vector<std::string> out;
  std::string line;
  size_t i = 0;
  for (; i < words.size(); ++i) {
    const std::string candidate = line.empty() ? words[i] : line + " " + words[i];
    if (code_points(candidate) <= max || line.empty()) {
      line = candidate;
      continue;
    }
    if (out.size() + 1 == lines) break;
    out.push_back(draw::cut(line, max));
    line = words[i];
  }
  // More words than lines: the last line ends in "…" after its last whole word. A single word
  // longer than a line is cut.
  line = draw::cut(i < words.size() ? line + " …" : line, max);
  if (!line.empty() || out.empty()) out.push_back(std::move(line));
  return out;
}

bool answered_likert(const QuestionResult& q) {
  return q.type == QuestionType::kLikert && q.answered > 0;
}

}  // namespace

LikertChartText likert_chart_text(const Messages& m, const std::string& lang,
                                  const std::string& group_title) {
  return {pdf::fill(m.text(lang, "survey_render.chart_title"), {{"group", group_title}}),
          m.text(lang, "survey_render.chart_desc"), m.text(lang, "survey_render.chart_agree")};
}

// --- layout -------------------------------------------------------------------------------------

LikertChartLayout layout_likert_chart(const GroupResult& g, const LikertChartText& text) {
  LikertChartLayout L;
  const double plot_w = L.width - kAgreeReserve - kInset;

  // The legend names the six answers with the labels of the first Likert question.
  const QuestionResult* labelled = nullptr;
  for (const QuestionResult& q : g.questions) {
    if (q.type == QuestionType::kLikert && !q.shares.empty()) {
      labelled = &q;
      if (q.answered > 0) break;
    }
  }
  double y = 0;
  if (labelled) {
    double x = kInset;
    for (const AnswerShare& s : labelled->shares) {
      const std::string label = draw::cut(s.label.empty() ? s.code : s.label, 40);
      const double w = kSwatch + 5 + estimated_width(label, kLegendSize) + 10;
      if (x > kInset && x + w > L.width) {
        x = kInset;
        y += kLegendLine;
      }
      LikertLegendItem item;
      item.code = s.code;
      item.swatch = ChartBox{x, y + 3, kSwatch, kSwatch};
      item.text =
          ChartLabel{label, x + kSwatch + 5, y + 3 + kSwatch / 2 + kLegendSize * 0.36, kLegendSize, false};
      L.legend.push_back(std::move(item));
      x += w;
    }
    y += kLegendLine + 10;
  }

  L.agree_heading = ChartLabel{draw::cut(text.agree, 12), L.width, y + 10, 10, true};
  y += 4;
  const size_t max_chars = static_cast<size_t>(plot_w / (kLabelSize * 0.62));
  for (const QuestionResult& q : g.questions) {
    if (!answered_likert(q)) continue;
    LikertRow row;
    row.question = q.id;
    for (const std::string& line : wrap(q.text, max_chars, kLabelLines)) {
      row.label.push_back(
          ChartLabel{line, 0, y + kLabelSize + kLabelLine * row.label.size(), kLabelSize, false});
    }
    y += kLabelSize + kLabelLine * (row.label.size() - 1) + 8;
    row.bar = ChartBox{kInset, y, plot_w, kBarH};

    int64_t total = 0;
    for (const AnswerShare& s : q.shares) total += std::max<int64_t>(0, s.count);
    int64_t before = 0;
    for (const AnswerShare& s : q.shares) {
      if (s.count <= 0 || total <= 0) continue;
      const double x0 = kInset + plot_w * static_cast<double>(before) / static_cast<double>(total);
      before += s.count;
      const double x1 = kInset + plot_w * static_cast<double>(before) / static_cast<double>(total);
      LikertSegment seg;
      seg.code = s.code;
      seg.box = ChartBox{x0, y, x1 - x0, kBarH};
      const std::string value = format_percent(s.percent);
      seg.value = ChartLabel{value, (x0 + x1) / 2, y + kBarH / 2 + kValueSize * 0.36, kValueSize, false};
      seg.has_value = x1 - x0 >= estimated_width(value, kValueSize) + 6;
      row.segments.push_back(std::move(seg));
    }
    row.agree = ChartLabel{q.agree_percent ? format_percent(*q.agree_percent) : "–", L.width,
                           y + kBarH / 2 + kAgreeSize * 0.36, kAgreeSize, true};
    y += kBarH + kRowGap;
    L.rows.push_back(std::move(row));
  }
  L.height = y + 2;
  return L;
}

// --- SVG ----------------------------------------------------------------------------------------

std::string likert_chart_svg(const GroupResult& g, const LikertChartText& text) {
  const LikertChartLayout L = layout_likert_chart(g, text);
  const std::string id = draw::svg_id("bbl-", g.group);
  auto fill_of = [&](const std::string& code) {
    const AnswerLook& look = look_of(code);
    switch (look.pattern) {
      case Pattern::kSolid:
      case Pattern::kOutline:
        return std::string("fill=\"") + look.fill.hex + "\"";
      case Pattern::kDots:
      case Pattern::kHatch:
        break;
    }
    return "fill=\"url(#" + id + "-p" + look.code + ")\"";
  };

  std::string out;
  out.reserve(2048 + L.rows.size() * 1200);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bb-chart bb-likert\" viewBox=\"0 0 " +
         num(L.width) + " " + num(L.height) + "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id +
         "-desc\" focusable=\"false\">";
  out += "<title id=\"" + id + "-title\">" + xml_escape(text.title) + "</title>";
  out += "<desc id=\"" + id + "-desc\">" + xml_escape(text.description) + "</desc>";
  out += "<defs>";
  for (const AnswerLook& look : kLooks) {
    const std::string pid = id + "-p" + look.code;
    if (look.pattern == Pattern::kHatch) {
      draw::svg_hatch_pattern(out, pid, kPatternStep, look.fill, look.mark, kHatchWidth);
    } else if (look.pattern == Pattern::kDots) {
      out += "<pattern id=\"" + pid + "\" patternUnits=\"userSpaceOnUse\" width=\"" + num(kPatternStep) +
             "\" height=\"" + num(kPatternStep) + "\"><rect width=\"" + num(kPatternStep) + "\" height=\"" +
             num(kPatternStep) + "\" fill=\"" + look.fill.hex + "\"/><circle cx=\"" + num(kPatternStep / 2) +
             "\" cy=\"" + num(kPatternStep / 2) + "\" r=\"" + num(kDotRadius) + "\" fill=\"" + look.mark.hex +
             "\"/></pattern>";
    }
  }
  out += "</defs>";

  out += "<g class=\"legend\">";
  for (const LikertLegendItem& item : L.legend) {
    draw::svg_rect(out, item.swatch,
                   std::string("class=\"swatch swatch-") + look_of(item.code).code + "\" " +
                       fill_of(item.code) + " stroke=\"" + kOutline.hex + "\" stroke-width=\"1\"");
    draw::svg_text(out, item.text, kText.hex, "legend-text");
  }
  out += "</g>";
  if (!L.rows.empty()) draw::svg_text(out, L.agree_heading, kText.hex, "agree-heading");
  for (const LikertRow& row : L.rows) {
    out += "<g class=\"row\">";
    for (const ChartLabel& line : row.label) draw::svg_text(out, line, kText.hex, "label");
    for (const LikertSegment& seg : row.segments) {
      draw::svg_rect(out, seg.box,
                     "class=\"seg seg-" + std::string(look_of(seg.code).code) + "\" " + fill_of(seg.code) +
                         " stroke=\"#ffffff\" stroke-width=\"1\"");
    }
    draw::svg_rect(out, row.bar,
                   "class=\"bar-outline\" fill=\"none\" stroke=\"" + std::string(kOutline.hex) +
                       "\" stroke-width=\"1\"");
    for (const LikertSegment& seg : row.segments) {
      if (seg.has_value) {
        draw::svg_text_middle(out, seg.value, look_of(seg.code).dark ? kWhite.hex : kText.hex, "value");
      }
    }
    draw::svg_text(out, row.agree, kText.hex, "agree");
    out += "</g>";
  }
  out += "</svg>";
  return out;
}

// --- cairo --------------------------------------------------------------------------------------

namespace {

void cairo_segment(cairo_t* cr, const ChartBox& b, const std::string& code) {
  const AnswerLook& look = look_of(code);
  switch (look.pattern) {
    case Pattern::kSolid:
    case Pattern::kOutline:
      draw::set_colour(cr, look.fill);
      cairo_rectangle(cr, b.x, b.y, b.w, b.h);
      cairo_fill(cr);
      break;
    case Pattern::kHatch:
      draw::cairo_hatch(cr, b, kPatternStep, look.fill, look.mark, kHatchWidth);
      break;
    case Pattern::kDots:
      cairo_save(cr);
      cairo_rectangle(cr, b.x, b.y, b.w, b.h);
      cairo_clip(cr);
      draw::set_colour(cr, look.fill);
      cairo_paint(cr);
      draw::set_colour(cr, look.mark);
      for (double y = std::floor(b.y / kPatternStep) * kPatternStep; y < b.y + b.h; y += kPatternStep) {
        for (double x = std::floor(b.x / kPatternStep) * kPatternStep; x < b.x + b.w; x += kPatternStep) {
          cairo_new_sub_path(cr);
          cairo_arc(cr, x + kPatternStep / 2, y + kPatternStep / 2, kDotRadius, 0, 2 * std::numbers::pi);
        }
      }
      cairo_fill(cr);
      cairo_restore(cr);
      break;
  }
}

void cairo_outline(cairo_t* cr, const ChartBox& b, const Rgb& colour) {
  draw::set_colour(cr, colour);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, b.x, b.y, b.w, b.h);
  cairo_stroke(cr);
}

}  // namespace

double likert_chart_height(const GroupResult& g, const LikertChartText& text, double width) {
  return layout_likert_chart(g, text).height * width / kLikertChartWidth;
}

void draw_likert_chart(cairo_t* cr, PangoFontDescription* font, const GroupResult& g,
                       const LikertChartText& text, double x, double y, double width) {
  const LikertChartLayout L = layout_likert_chart(g, text);
  const double scale = width / L.width;
  const double plot_w = L.width - kAgreeReserve;
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, scale, scale);
  for (const LikertLegendItem& item : L.legend) {
    cairo_segment(cr, item.swatch, item.code);
    cairo_outline(cr, item.swatch, kOutline);
    draw::cairo_text(cr, font, item.text, kText, L.width - item.text.x);
  }
  if (!L.rows.empty()) draw::cairo_text(cr, font, L.agree_heading, kText, kAgreeReserve);
  for (const LikertRow& row : L.rows) {
    for (const ChartLabel& line : row.label) draw::cairo_text(cr, font, line, kText, plot_w);
    for (const LikertSegment& seg : row.segments) {
      cairo_segment(cr, seg.box, seg.code);
      cairo_outline(cr, seg.box, kWhite);
    }
    cairo_outline(cr, row.bar, kOutline);
    for (const LikertSegment& seg : row.segments) {
      if (seg.has_value) {
        draw::cairo_text_middle(cr, font, seg.value, look_of(seg.code).dark ? kWhite : kText, seg.box.w);
      }
    }
    draw::cairo_text(cr, font, row.agree, kText, kAgreeReserve - 4);
  }
  cairo_restore(cr);
}

}  // namespace bb::render
