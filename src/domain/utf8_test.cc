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

}  // namespace
}  // namespace bb
