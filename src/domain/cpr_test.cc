#include "domain/cpr.h"

#include <gtest/gtest.h>

namespace bb {
namespace {

TEST(CprTest, AcceptsBothFormats) {
  auto a = Cpr::parse("140372-1234");
  auto b = Cpr::parse("1403721234");
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->digits(), "1403721234");
  EXPECT_EQ(b->formatted(), "140372-1234");
  EXPECT_EQ(a->masked(), "140372-****");
}

TEST(CprTest, CenturyFromSeventhDigit) {
  EXPECT_EQ(Cpr::parse("0101371234")->birth_date().year(), 1937);  // 1 -> 1900s
  EXPECT_EQ(Cpr::parse("0101364234")->birth_date().year(), 2036);  // 4, yy<=36 -> 2000s
  EXPECT_EQ(Cpr::parse("0101374234")->birth_date().year(), 1937);  // 4, yy>=37 -> 1900s
  EXPECT_EQ(Cpr::parse("0101575234")->birth_date().year(), 2057);  // 5-8, yy<=57 -> 2000s
  EXPECT_EQ(Cpr::parse("0101588234")->birth_date().year(), 1858);  // 5-8, yy>=58 -> 1800s
  EXPECT_EQ(Cpr::parse("0101109234")->birth_date().year(), 2010);  // 9, yy<=36 -> 2000s
  EXPECT_EQ(Cpr::parse("0101999234")->birth_date().year(), 1999);  // 9, yy>=37 -> 1900s
}

TEST(CprTest, RejectsImpossibleDates) {
  EXPECT_FALSE(Cpr::parse("3102801234"));  // 31 February
  EXPECT_FALSE(Cpr::parse("0013801234"));  // month 13
  EXPECT_FALSE(Cpr::parse("0001801234"));  // day 0
  // 29 February exists in 2000 (seventh digit 4, yy 00) but not in 1900 (seventh digit 0).
  EXPECT_TRUE(Cpr::parse("2902004234"));
  EXPECT_FALSE(Cpr::parse("2902000234"));
}

TEST(CprTest, RejectsMalformedText) {
  for (const char* bad : {"", "12345", "140372 1234", "14037212345", "14O3721234", "140372-12a4",
                          "1403-721234"}) {
    auto r = Cpr::parse(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().fields.count("cpr"), 1u);
  }
}

TEST(CprTest, Modulus11IsOnlyAWarning) {
  // 070761-4285 satisfies modulus 11: 0*4+7*3+0*2+7*7+6*6+1*5+4*4+2*3+8*2+5*1 = 154 = 14*11.
  auto good = Cpr::parse("070761-4285");
  ASSERT_TRUE(good);
  EXPECT_TRUE(good->passes_modulus11());
  auto other = Cpr::parse("070761-4286");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->passes_modulus11());
}

TEST(CprTest, MaskStored) {
  EXPECT_EQ(mask_cpr("1403721234"), "140372-****");
  EXPECT_EQ(mask_cpr(""), "");
  EXPECT_EQ(mask_cpr("garbage"), "******-****");
}

}  // namespace
}  // namespace bb
