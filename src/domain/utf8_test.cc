#include "domain/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace bb {
namespace {

TEST(Utf8Test, AcceptsWellFormedDanishAndEmoji) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("Søren Ærø går på Åen"));
  EXPECT_TRUE(valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
}

TEST(Utf8Test, RefusesBrokenSequences) {
  EXPECT_FALSE(valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(valid_utf8("\xF5\x80\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(valid_utf8("a\xFFz"));
  EXPECT_FALSE(valid_utf8("\xE2\x28\xA1"));      // bad continuation
}

// Found by the fuzz targets' strict UTF-8 check (docs/FUZZING.md): the second byte was not
// range-checked, so these passed the input guard (forms, uploads) and reached the database,
// where PostgreSQL refuses them.
TEST(Utf8Test, RefusesSurrogatesOverlongThreeAndFourByteFormsAndAbove10FFFF) {
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // U+D800, a UTF-16 surrogate
  EXPECT_FALSE(valid_utf8("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(valid_utf8("\xE0\x80\xAF"));      // overlong "/"
  EXPECT_FALSE(valid_utf8("\xF0\x80\x80\xAF"));  // overlong "/"
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_TRUE(valid_utf8("\xED\x9F\xBF"));       // U+D7FF
  EXPECT_TRUE(valid_utf8("\xEE\x80\x80"));       // U+E000
  EXPECT_TRUE(valid_utf8("\xE0\xA0\x80"));       // U+0800
  EXPECT_TRUE(valid_utf8("\xF0\x90\x80\x80"));  // U+10000
  EXPECT_TRUE(valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

}  // namespace
}  // namespace bb
