#include "domain/themes.h"

#include <gtest/gtest.h>

namespace bb {
namespace {

TEST(ThemesTest, SeededListMatchesTheGlossaryCodes) {
  EXPECT_EQ(default_themes().size(), 14u);
  EXPECT_TRUE(is_known_theme("klagevejledning"));
  EXPECT_TRUE(is_known_theme("god_forvaltningsskik"));
  EXPECT_FALSE(is_known_theme("kaffe"));
}

TEST(ThemesTest, LetterSuggestsThemesFromWhatIsMissingAndHowItReads) {
  letter::Analysis a;
  a.missing = {{"hjemmel", "", ""}, {"begrundelse", "", ""}, {"klagefrist", "", ""}};
  a.stats.lix = 30;
  EXPECT_EQ(themes_from_letter(a), (std::vector<std::string>{"begrundelse", "klagevejledning"}));
  a.missing.clear();
  EXPECT_TRUE(themes_from_letter(a).empty());
  a.stats.lix = 47;
  EXPECT_EQ(themes_from_letter(a), (std::vector<std::string>{"kommunikation"}));
  a.stats.lix = 30;
  auto finding = [](const char* type) {
    letter::Finding f;
    f.type = type;
    return f;
  };
  a.findings = {finding("long_sentence"), finding("long_sentence"), finding("passive")};
  EXPECT_TRUE(themes_from_letter(a).empty());
  a.findings.push_back(finding("long_sentence"));
  EXPECT_EQ(themes_from_letter(a), (std::vector<std::string>{"kommunikation"}));
}

}  // namespace
}  // namespace bb
