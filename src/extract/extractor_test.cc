#include "extract/extractor.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace bb::extract {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(BB_SOURCE_DIR) + "/tests/letters/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return s.str();
}

const DocumentExtractor& Extractor() {
  static const DocumentExtractor e;
  return e;
}

TEST(ExtractorTest, PlainTextPassesThroughWithoutBom) {
  auto r = Extractor().extract("\xEF\xBB\xBFHej Søren\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text, "Hej Søren\n");
  EXPECT_EQ(r->source, Source::kText);
}

TEST(ExtractorTest, PdfWithTextLayerKeepsDanishLetters) {
  auto r = Extractor().extract(Fixture("01_merudgifter_delvis_afslag.pdf"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->source, Source::kPdfText);
  EXPECT_NE(r->text.find("merudgifter"), std::string::npos);
  EXPECT_NE(r->text.find("§"), std::string::npos);
  EXPECT_NE(r->text.find("ø"), std::string::npos);
}

TEST(ExtractorTest, ScannedPdfWithoutTextLayerGoesToOcr) {
  auto r = Extractor().extract(Fixture("06_kontanthjaelp_afslag_formue.pdf"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->source, Source::kPdfOcr);
  EXPECT_NE(r->text.find("kontanthjælp"), std::string::npos) << r->text.substr(0, 400);
}

TEST(ExtractorTest, PhotoIsReadWithDanishOcr) {
  auto r = Extractor().extract(Fixture("02_hjaelpemiddel_delvis.png"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->source, Source::kImageOcr);
  EXPECT_NE(r->text.find("Ankestyrelsen"), std::string::npos) << r->text.substr(0, 400);
}

TEST(ExtractorTest, BadInputsGetClearErrorsNotCrashes) {
  const std::pair<const char*, const char*> cases[] = {{"bad/encrypted.pdf", "letter.encrypted"},
                                                       {"bad/broken.pdf", "letter.broken_pdf"},
                                                       {"bad/empty.pdf", "letter.empty"}};
  for (const auto& [file, key] : cases) {
    auto r = Extractor().extract(Fixture(file));
    ASSERT_FALSE(r) << file;
    EXPECT_EQ(r.error().message, key) << file;
    EXPECT_EQ(r.error().code, ErrorCode::kUnprocessable) << file;
  }
  EXPECT_EQ(Extractor().extract("").error().message, "letter.empty");
  EXPECT_EQ(Extractor().extract(" \n\t ").error().message, "letter.empty");
  EXPECT_EQ(Extractor().extract(std::string("MZ\x90\0", 4)).error().message, "letter.unsupported_type");
  EXPECT_EQ(Extractor().extract(std::string("\x89PNG\r\n\x1a\ngarbage", 15)).error().message, "letter.image_unreadable");
}

}  // namespace
}  // namespace bb::extract
