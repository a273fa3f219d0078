#include "render/survey_chart.h"

#include <cairo.h>
#include <gtest/gtest.h>
#include <pango/pangocairo.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <string>

#include "render/test_xml.h"

namespace bb::render {
namespace {

using test_xml::well_formed;

const char* const kLabels[] = {"Meget enig", "Enig",        "Hverken enig eller uenig",
                               "Uenig",      "Meget uenig", "Ved ikke"};

// A Likert result as survey.cc makes it: shares 5..0, percent of those who answered.
QuestionResult likert(const std::string& id, const std::string& text, std::array<int64_t, 6> counts) {
  QuestionResult q;
  q.id = id;
  q.type = QuestionType::kLikert;
  q.text = text;
  q.answered = std::accumulate(counts.begin(), counts.end(), int64_t{0});
  for (size_t i = 0; i < counts.size(); ++i) {
    q.shares.push_back({kLikertCodes[i], kLabels[i], counts[i], percent_one_decimal(counts[i], q.answered)});
  }
  q.agree_percent = percent_one_decimal(counts[0] + counts[1], q.answered);
  return q;
}

GroupResult citizens() {
  GroupResult g;
  g.group = "borger";
  g.title = "Spørgeskema til borgere";
  g.respondents = 47;
  g.questions.push_back(likert(
      "B_GUIDANCE", "Jeg fik brugbar vejledning eller blev hjulpet videre med min sag", {36, 7, 2, 1, 1, 0}));
  g.questions.push_back(likert("B_NOBODY", "Et udsagn ingen svarede på", {0, 0, 0, 0, 0, 0}));
  QuestionResult text;
  text.id = "B_COMMENT";
  text.type = QuestionType::kText;
  text.text = "Kommentar";
  text.answered = 12;
  g.questions.push_back(text);
  g.questions.push_back(likert("B_SOLUTION", "Borgerrådgiveren bidrog til at finde en løsning <script>&\"",
                               {10, 10, 10, 10, 5, 2}));
  return g;
}

const LikertChartText kText{"Svar på udsagnene: Spørgeskema til borgere & <andre>",
                            "Vandrette, stablede søjler. Alle tal står også i tabellerne.", "Enige"};

size_t count(const std::string& haystack, const std::string& needle) {
  size_t c = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++c;
  return c;
}

TEST(LikertChartLayout, OneBarPerAnsweredLikertQuestionSplitByCounts) {
  const LikertChartLayout L = layout_likert_chart(citizens(), kText);
  ASSERT_EQ(L.rows.size(), 2u) << "the unanswered and the text question get no bar";
  const LikertRow& row = L.rows[0];
  EXPECT_EQ(row.question, "B_GUIDANCE");
  ASSERT_EQ(row.segments.size(), 5u) << "no segment for a count of 0";
  EXPECT_NEAR(row.segments[0].box.w, row.bar.w * 36 / 47, 1e-9);
  EXPECT_NEAR(row.segments.back().box.x + row.segments.back().box.w, row.bar.x + row.bar.w, 1e-9);
  for (size_t i = 1; i < row.segments.size(); ++i) {
    EXPECT_NEAR(row.segments[i].box.x, row.segments[i - 1].box.x + row.segments[i - 1].box.w, 1e-9);
  }
  EXPECT_EQ(row.segments[0].code, "5");
  EXPECT_EQ(row.segments[0].value.text, "76,6 %");
  EXPECT_TRUE(row.segments[0].has_value);
  EXPECT_EQ(row.segments[1].value.text, "14,9 %");
  EXPECT_TRUE(row.segments[1].has_value);
  EXPECT_EQ(row.segments[3].value.text, "2,1 %");
  EXPECT_FALSE(row.segments[3].has_value) << "too narrow for its text (the table has it)";
  EXPECT_EQ(row.agree.text, "91,5 %");
  EXPECT_GT(row.agree.x, row.bar.x + row.bar.w);
  // The legend names all six answers in scale order.
  ASSERT_EQ(L.legend.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(L.legend[i].code, kLikertCodes[i]);
    EXPECT_EQ(L.legend[i].text.text, kLabels[i]);
  }
  EXPECT_GT(L.rows[1].bar.y, L.rows[0].bar.y + L.rows[0].bar.h);
  EXPECT_GT(L.height, L.rows[1].bar.y + L.rows[1].bar.h);
}

TEST(LikertChartLayout, LongQuestionTextsWrapOntoTwoLinesAndAreCut) {
  GroupResult g;
  g.group = "x";
  std::string text;
  for (int i = 0; i < 40; ++i) text += "ordet" + std::to_string(i) + " ";
  g.questions.push_back(likert("X_LONG", text, {1, 1, 1, 1, 1, 1}));
  g.questions.push_back(likert("X_SHORT", "Kort", {1, 0, 0, 0, 0, 0}));
  const LikertChartLayout L = layout_likert_chart(g, kText);
  ASSERT_EQ(L.rows.size(), 2u);
  ASSERT_EQ(L.rows[0].label.size(), 2u);
  EXPECT_EQ(L.rows[0].label[0].text.rfind("ordet0 ordet1", 0), 0u);
  const std::string& last = L.rows[0].label[1].text;
  EXPECT_EQ(last.substr(last.size() - 3), "…");
  EXPECT_GT(L.rows[0].label[1].baseline, L.rows[0].label[0].baseline);
  EXPECT_LT(L.rows[0].label[1].baseline, L.rows[0].bar.y);
  EXPECT_EQ(L.rows[1].label.size(), 1u);
  EXPECT_EQ(L.rows[1].label[0].text, "Kort");
}

TEST(LikertChartLayout, NoAnsweredLikertQuestionGivesNoBars) {
  GroupResult g;
  g.group = "ansat";
  g.questions.push_back(likert("A_X", "Ingen svar", {0, 0, 0, 0, 0, 0}));
  const LikertChartLayout L = layout_likert_chart(g, kText);
  EXPECT_TRUE(L.rows.empty());
  const std::string svg = likert_chart_svg(g, kText);
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_EQ(count(svg, "class=\"seg "), 0u);
}

TEST(LikertChartSvg, IsAccessibleWellFormedAndEscapesUserText) {
  const std::string svg = likert_chart_svg(citizens(), kText);
  // BB_KEEP_LIKERT_SVG=/tmp/x.svg keeps a copy to look at.
  if (const char* keep = std::getenv("BB_KEEP_LIKERT_SVG")) std::ofstream(keep) << svg;
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"bbl-borger-title bbl-borger-desc\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"bbl-borger-title\">Svar på udsagnene: Spørgeskema til borgere &amp; "
                     "&lt;andre&gt;</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"bbl-borger-desc\">Vandrette, stablede søjler."), std::string::npos);
  EXPECT_NE(svg.find("viewBox=\"0 0 600 "), std::string::npos);
  EXPECT_EQ(svg.find("style="), std::string::npos) << "presentation attributes only (CSP)";
  // User text is escaped.
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find("løsning &lt;script&gt;&amp;&quot;"), std::string::npos) << svg;
  // Percentages on the segments and the agree share after the bars.
  EXPECT_NE(svg.find(">76,6 %</text>"), std::string::npos);
  EXPECT_NE(svg.find(">14,9 %</text>"), std::string::npos);
  EXPECT_NE(svg.find(">91,5 %</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Enige</text>"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"seg seg-"), 5u + 6u);
  // White text on the dark segment, dark text on the light one.
  EXPECT_NE(svg.find("fill=\"#ffffff\" text-anchor=\"middle\">76,6 %</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("fill=\"#1a1a1a\" text-anchor=\"middle\">14,9 %</text>"), std::string::npos);
  // The legend in text, and patterns besides colour.
  for (const char* label : kLabels)
    EXPECT_NE(svg.find(std::string(">") + label + "</text>"), std::string::npos);
  EXPECT_NE(svg.find("<pattern id=\"bbl-borger-p3\""), std::string::npos);
  EXPECT_NE(svg.find("<pattern id=\"bbl-borger-p2\""), std::string::npos);
  EXPECT_NE(svg.find("<pattern id=\"bbl-borger-p1\""), std::string::npos);
  EXPECT_NE(svg.find("fill=\"url(#bbl-borger-p1)\""), std::string::npos);
  // Only Likert questions that were answered.
  EXPECT_EQ(svg.find("Et udsagn ingen svarede på"), std::string::npos);
  EXPECT_EQ(svg.find("Kommentar"), std::string::npos);
}

TEST(LikertChartSvg, IdsAreSafeForAnyGroupCode) {
  GroupResult g = citizens();
  g.group = "egen gruppe\"/>";
  const std::string svg = likert_chart_svg(g, kText);
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_NE(svg.find("id=\"bbl-egen_gruppe___-title\""), std::string::npos);
}

// The cairo drawing uses the same layout: solid segments have their colours, the heights agree.
TEST(LikertChartCairo, DrawsTheSameLayoutAsTheSvg) {
  const GroupResult g = citizens();
  const LikertChartLayout L = layout_likert_chart(g, kText);
  cairo_surface_t* surface =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, 600, static_cast<int>(L.height) + 1);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
  draw_likert_chart(cr, font, g, kText, 0, 0, 600);
  EXPECT_DOUBLE_EQ(likert_chart_height(g, kText, 300), L.height / 2);
  cairo_surface_flush(surface);
  auto pixel = [&](double x, double y) {
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const uint32_t v =
        *reinterpret_cast<const uint32_t*>(data + static_cast<int>(y) * stride + static_cast<int>(x) * 4);
    return v & 0xFFFFFF;
  };
  const LikertRow& row = L.rows[0];
  const double mid = row.bar.y + row.bar.h / 2;
  EXPECT_EQ(pixel(row.segments[0].box.x + 4, mid), 0x004993u);
  EXPECT_EQ(pixel(row.segments[1].box.x + 4, mid), 0x8fb5deu);
  // Right of the agree column's text and left of nothing: white.
  EXPECT_EQ(pixel(row.bar.x + row.bar.w + 4, row.bar.y + 2), 0xFFFFFFu);
  pango_font_description_free(font);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
}

}  // namespace
}  // namespace bb::render
