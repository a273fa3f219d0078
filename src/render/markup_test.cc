#include "render/markup.h"

#include <gtest/gtest.h>

namespace bb::render {
namespace {

TEST(MarkupTest, ParagraphsHeadingsListsAndLinks) {
  const std::string html = markup_html(
      "Første afsnit\nfortsætter her.\n\n## Sådan gør du\n- Læs brevet\n- Ring til [os](/kontakt)\n\nSidste.");
  EXPECT_EQ(html,
            "<p>Første afsnit\nfortsætter her.</p>\n<h2>Sådan gør du</h2>\n<ul>\n<li>Læs brevet</li>\n"
            "<li>Ring til <a href=\"/kontakt\">os</a></li>\n</ul>\n<p>Sidste.</p>\n");
}

TEST(MarkupTest, EverythingTypedIsText) {
  const std::string html = markup_html("<script>alert(1)</script> & \"x\"\n\n## <b>h</b>\n- <img src=x onerror=alert(1)>");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&amp; &quot;x&quot;"), std::string::npos);
}

TEST(MarkupTest, OnlySiteRelativeLinks) {
  EXPECT_EQ(markup_html("[a](https://evil.example)"), "<p>[a](https://evil.example)</p>\n");
  EXPECT_EQ(markup_html("[a](//evil.example)"), "<p>[a](//evil.example)</p>\n");
  EXPECT_EQ(markup_html("[a](javascript:alert(1))"), "<p>[a](javascript:alert(1))</p>\n");
  EXPECT_EQ(markup_html("[a](/x\" onclick=\"y)"), "<p>[a](/x&quot; onclick=&quot;y)</p>\n");
  EXPECT_EQ(markup_html("[klagefrist](/klagefrist?omraade=social)"),
            "<p><a href=\"/klagefrist?omraade=social\">klagefrist</a></p>\n");
}

TEST(MarkupTest, PlainTextForMeasuring) {
  EXPECT_EQ(markup_plain("## Titel\nTekst med [link](/x).\n\n- a\n- b"), "Titel\n\nTekst med link.\n\na\nb\n\n");
}

}  // namespace
}  // namespace bb::render
