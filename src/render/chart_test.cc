#include "render/chart.h"

#include <cairo.h>
#include <gtest/gtest.h>
#include <pango/pangocairo.h>

#include <regex>
#include <string>
#include <vector>

#include "render/test_xml.h"

namespace bb::render {
namespace {

using test_xml::well_formed;

Table table(std::string id, std::vector<Row> rows) {
  Table t;
  t.id = std::move(id);
  t.title = "Titel";
  t.rows = std::move(rows);
  return t;
}

Cell n(int64_t v) {
  return Cell{v, false};
}
Cell suppressed() {
  return Cell{0, true};
}

const ChartText kText{"2024", "2023", "Vandret søjlediagram. Tallene står i tabellen under diagrammet."};

size_t count(const std::string& haystack, const std::string& needle) {
  size_t c = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++c;
  return c;
}

TEST(ChartFormat, DanishNumbers) {
  EXPECT_EQ(format_int(0), "0");
  EXPECT_EQ(format_int(999), "999");
  EXPECT_EQ(format_int(1234), "1.234");
  EXPECT_EQ(format_int(1234567), "1.234.567");
  EXPECT_EQ(format_count(n(100000), 5), "100.000");
  EXPECT_EQ(format_count(suppressed(), 5), "< 5");
  EXPECT_EQ(format_percent(12.345), "12,3 %");
  EXPECT_EQ(format_percent(1234.5), "1.234,5 %");
  EXPECT_EQ(format_change(12.5), "+12,5 %");
  EXPECT_EQ(format_change(-3), "−3,0 %");
  EXPECT_EQ(format_change(-0.01), "0,0 %");
  EXPECT_EQ(format_decimal(4.25, 1), "4,3");
}

TEST(ChartText, CleansInvalidUtf8AndControlCharacters) {
  EXPECT_EQ(clean_text("Børn\x01 og\tFamilie"), "Børn og\tFamilie");
  EXPECT_EQ(clean_text("a\xff"
                       "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(clean_text("\xC3"), "\xEF\xBF\xBD");                  // truncated sequence
  EXPECT_EQ(clean_text("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(clean_text("æøå ÆØÅ"), "æøå ÆØÅ");
  EXPECT_EQ(xml_escape("a & <b> \"c\" 'd'"), "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;");
}

TEST(ChartRows, PairsByKeyThenLabelAndKeepsRowsOnlyLastYearHad) {
  const Table now =
      table("by_month",
            {{"2024-01", "januar", n(10)}, {"2024-02", "februar", n(12)}, {"telefon", "Telefon", n(3)}});
  const Table before = table("by_month", {{"2023-02", "februar", n(7)},
                                          {"2023-01", "januar", n(9)},
                                          {"brev", "Brev", n(5)},
                                          {"telefon", "Telefon", n(4)}});
  const auto rows = pair_rows(now, &before);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].label, "januar");
  EXPECT_EQ(rows[0].previous->n, 9);
  EXPECT_EQ(rows[1].previous->n, 7);
  EXPECT_EQ(rows[2].previous->n, 4);
  EXPECT_EQ(rows[3].label, "Brev");
  EXPECT_EQ(rows[3].current.n, 0);
  EXPECT_EQ(rows[3].previous->n, 5);
  EXPECT_FALSE(pair_rows(now, nullptr)[0].previous.has_value());
}

TEST(ChartSvg, IsAccessibleWellFormedAndEscapesLabels) {
  const Table now = table("by_department", {{"boern", "Børn og Familie", n(40)},
                                            {"sund", "Sundhed & Omsorg <Ældre>", n(12)},
                                            {"tek", "Teknik og Miljø", suppressed()},
                                            {"oek", "Økonomi", n(0)}});
  const Table before = table("by_department", {{"boern", "Børn og Familie", n(35)},
                                               {"sund", "Sundhed & Omsorg <Ældre>", suppressed()},
                                               {"tek", "Teknik og Miljø", n(17)},
                                               {"oek", "Økonomi", n(2)}});
  const std::string svg = bar_chart_svg(now, &before, 5, "Henvendelser \"efter\" forvaltning & <x>", kText);

  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("viewBox=\"0 0 600 "), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"bbc-by_department-title bbc-by_department-desc\""),
            std::string::npos);
  EXPECT_NE(svg.find("<title id=\"bbc-by_department-title\">Henvendelser &quot;efter&quot; forvaltning &amp; "
                     "&lt;x&gt;</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"bbc-by_department-desc\">Vandret søjlediagram."), std::string::npos);
  EXPECT_NE(svg.find("Sundhed &amp; Omsorg &lt;Ældre&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("style="), std::string::npos) << "presentation attributes only (CSP)";

  // One bar per positive, unsuppressed count in each series; none for 0 or "< 5".
  EXPECT_EQ(count(svg, "class=\"bar bar-current\""), 2u);
  EXPECT_EQ(count(svg, "class=\"bar bar-previous\""), 3u);
  // The suppressed counts are written as text instead (one per series).
  EXPECT_EQ(count(svg, ">&lt; 5</text>"), 2u);
  // The legend names both series in text, and the previous series is hatched (not colour only).
  EXPECT_NE(svg.find(">2024</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2023</text>"), std::string::npos);
  EXPECT_NE(svg.find("<pattern id=\"bbc-by_department-hatch\""), std::string::npos);
  EXPECT_NE(svg.find("fill=\"url(#bbc-by_department-hatch)\" stroke=\"#595959\""), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#004993\""), std::string::npos);
}

TEST(ChartSvg, WithoutPreviousYearHasOneSeries) {
  const Table now = table("by channel!", {{"telefon", "Telefon", n(7)}, {"brev", "Brev", suppressed()}});
  const std::string svg = bar_chart_svg(now, nullptr, 5, "Kanal", kText);
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_EQ(count(svg, "class=\"bar bar-current\""), 1u);
  EXPECT_EQ(count(svg, "bar-previous"), 0u);
  EXPECT_EQ(count(svg, ">&lt; 5</text>"), 1u);
  EXPECT_NE(svg.find("id=\"bbc-by_channel_-title\""), std::string::npos);  // id made safe
}

TEST(ChartLayout, LongLabelsGoAboveTheBarsShortOnesBeside) {
  const Table short_labels = table("a", {{"1", "januar", n(3)}, {"2", "februar", n(6)}});
  const Table long_labels =
      table("b", {{"forstaa", "At forstå en afgørelse, et brev eller andet fra kommunen", n(3)}});
  const ChartLayout beside = layout_bar_chart(short_labels, nullptr, 5, kText);
  ASSERT_EQ(beside.rows.size(), 2u);
  EXPECT_TRUE(beside.rows[0].label.anchor_end);
  EXPECT_GT(beside.axis_x, 100);
  // Bars are proportional: the largest count fills the plot width, half of it half.
  EXPECT_NEAR(beside.rows[0].current.bar->w * 2, beside.rows[1].current.bar->w, 1e-9);

  const ChartLayout above = layout_bar_chart(long_labels, nullptr, 5, kText);
  EXPECT_FALSE(above.rows[0].label.anchor_end);
  EXPECT_EQ(above.axis_x, 0);
  EXPECT_GT(above.rows[0].current.bar->y, above.rows[0].label.baseline);
}

// The cairo drawing uses the same layout as the SVG: the middle of the first bar is blue, the
// middle of the first previous-year bar is part of the grey hatch, and the heights agree.
TEST(ChartCairo, DrawsTheSameLayoutAsTheSvg) {
  const Table now = table("by_channel", {{"telefon", "Telefon", n(40)}, {"brev", "Brev", n(10)}});
  const Table before = table("by_channel", {{"telefon", "Telefon", n(30)}, {"brev", "Brev", n(20)}});
  const ChartLayout layout = layout_bar_chart(now, &before, 5, kText);

  cairo_surface_t* surface =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, 600, static_cast<int>(layout.height) + 1);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
  const double h = draw_bar_chart(cr, 0, 0, 600, now, &before, 5, kText, font);
  EXPECT_DOUBLE_EQ(h, layout.height);
  EXPECT_DOUBLE_EQ(bar_chart_height(300, now, &before, 5, kText), layout.height / 2);
  cairo_surface_flush(surface);

  auto pixel = [&](double x, double y) {
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const uint32_t v =
        *reinterpret_cast<const uint32_t*>(data + static_cast<int>(y) * stride + static_cast<int>(x) * 4);
    return v & 0xFFFFFF;
  };
  const ChartBox bar = *layout.rows[0].current.bar;
  EXPECT_EQ(pixel(bar.x + bar.w / 2, bar.y + bar.h / 2), 0x004993u);
  const ChartBox prev = *layout.rows[0].previous->bar;
  // The previous-year bar's outline is dark grey; its inside is light grey or hatch, never blue or white.
  EXPECT_EQ(pixel(prev.x + prev.w - 0.5, prev.y + prev.h / 2), 0x595959u);
  const uint32_t inside = pixel(prev.x + prev.w / 2, prev.y + prev.h / 2);
  EXPECT_NE(inside, 0xFFFFFFu);
  EXPECT_NE(inside, 0x004993u);
  // Right of the longest bar (and its count) the chart is white.
  EXPECT_EQ(pixel(598, bar.y + bar.h / 2), 0xFFFFFFu);

  pango_font_description_free(font);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
}

}  // namespace
}  // namespace bb::render
