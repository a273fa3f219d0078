#include "web/cookies.h"

#include <gtest/gtest.h>

namespace bb::web {
namespace {

TEST(CookieTest, ParsesPairsAndTrims) {
  auto c = parse_cookies("bb_session=abc123; lang=da ;  other = x");
  EXPECT_EQ(c.at("bb_session"), "abc123");
  EXPECT_EQ(c.at("lang"), "da");
  EXPECT_EQ(c.at("other"), "x");
}

TEST(CookieTest, FirstOccurrenceWinsAndJunkIsSkipped) {
  auto c = parse_cookies("a=1; a=2; novalue; =empty; b\x01=bad; q=\"quoted\"");
  EXPECT_EQ(c.at("a"), "1");
  EXPECT_EQ(c.count("novalue"), 0u);
  EXPECT_EQ(c.count(""), 0u);
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(c.at("q"), "quoted");
}

TEST(CookieTest, EmptyHeader) { EXPECT_TRUE(parse_cookies("").empty()); }

TEST(CookieTest, SetCookieAttributes) {
  CookieOptions o;
  o.secure = true;
  EXPECT_EQ(set_cookie("s", "v", o), "s=v; Path=/; HttpOnly; Secure; SameSite=Strict");
  o.max_age = 0;
  o.secure = false;
  EXPECT_EQ(set_cookie("s", "", o), "s=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
}

}  // namespace
}  // namespace bb::web
