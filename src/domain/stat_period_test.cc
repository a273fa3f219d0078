#include "domain/stat_period.h"

#include <gtest/gtest.h>

namespace bb {
namespace {

Date D(const char* iso) {
  return *Date::parse_iso(iso);
}

StatPeriod P(const char* text) {
  auto r = parse_stat_period(text);
  EXPECT_TRUE(r) << text;
  return r ? r.value() : StatPeriod{};
}

std::vector<std::string> Labels(const std::vector<StatPeriod>& periods) {
  std::vector<std::string> out;
  for (const auto& p : periods) out.push_back(p.label);
  return out;
}

void ExpectError(const char* text, const char* key) {
  auto r = parse_stat_period(text);
  ASSERT_FALSE(r) << text;
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid) << text;
  EXPECT_EQ(r.error().message, key) << text;
  ASSERT_EQ(r.error().fields.count("period"), 1u) << text;
  EXPECT_EQ(r.error().fields.at("period"), key) << text;
}

TEST(StatPeriodTest, ParsesAQuarter) {
  const StatPeriod p = P("2024Q3");
  EXPECT_EQ(p.kind, StatPeriod::Kind::kQuarter);
  EXPECT_EQ(p.from, D("2024-07-01"));
  EXPECT_EQ(p.to, D("2024-09-30"));
  EXPECT_EQ(p.label, "2024Q3");
  EXPECT_EQ(p.days(), 92);
  EXPECT_EQ(P("2024Q1").to, D("2024-03-31"));
  EXPECT_EQ(P("2024Q1").days(), 91);  // leap year
  EXPECT_EQ(P("2023Q1").days(), 90);
  EXPECT_EQ(P("2024Q4").from, D("2024-10-01"));
  EXPECT_EQ(P("2024Q4").to, D("2024-12-31"));
}

TEST(StatPeriodTest, ParsesAMonth) {
  const StatPeriod p = P("2024-07");
  EXPECT_EQ(p.kind, StatPeriod::Kind::kMonth);
  EXPECT_EQ(p.from, D("2024-07-01"));
  EXPECT_EQ(p.to, D("2024-07-31"));
  EXPECT_EQ(p.label, "2024-07");
  EXPECT_EQ(P("2024-02").to, D("2024-02-29"));
  EXPECT_EQ(P("2023-02").to, D("2023-02-28"));
  EXPECT_EQ(P("1900-02").to, D("1900-02-28"));  // not a leap year
  EXPECT_EQ(P("2000-02").to, D("2000-02-29"));
  EXPECT_EQ(P("2024-04").to, D("2024-04-30"));
  EXPECT_EQ(P("2024-12").label, "2024-12");
}

TEST(StatPeriodTest, ParsesAYear) {
  const StatPeriod p = P("2024");
  EXPECT_EQ(p.kind, StatPeriod::Kind::kYear);
  EXPECT_EQ(p.from, D("2024-01-01"));
  EXPECT_EQ(p.to, D("2024-12-31"));
  EXPECT_EQ(p.label, "2024");
  EXPECT_EQ(p.days(), 366);
}

TEST(StatPeriodTest, ParsesAWindow) {
  const StatPeriod p = P("2024-07-01..2024-10-15");
  EXPECT_EQ(p.kind, StatPeriod::Kind::kWindow);
  EXPECT_EQ(p.from, D("2024-07-01"));
  EXPECT_EQ(p.to, D("2024-10-15"));
  EXPECT_EQ(p.label, "2024-07-01..2024-10-15");
  EXPECT_EQ(p.days(), 107);
  EXPECT_TRUE(p.contains(D("2024-07-01")));
  EXPECT_TRUE(p.contains(D("2024-10-15")));
  EXPECT_FALSE(p.contains(D("2024-06-30")));
  EXPECT_FALSE(p.contains(D("2024-10-16")));
  // One day is a window.
  EXPECT_EQ(P("2024-07-01..2024-07-01").days(), 1);
  // Surrounding whitespace from a form field is ignored; the label is canonical.
  EXPECT_EQ(P(" 2024Q3\n").label, "2024Q3");
}

TEST(StatPeriodTest, MalformedIsInvalidAtThePeriodField) {
  for (const char* text : {"",
                           " ",
                           "2024Q0",
                           "2024Q5",
                           "2024q3",
                           "2024Q",
                           "2024Q33",
                           "24Q3",
                           "2024-7",
                           "2024-13",
                           "2024-00",
                           "2024-1a",
                           "202",
                           "20245",
                           "abcd",
                           "1899",
                           "1899Q4",
                           "2024/07",
                           "2024-07-01",
                           "2024-07-01..",
                           "..2024-07-01",
                           "2024-07-01..2024-02-30",
                           "2024-07-01...2024-08-01",
                           "2024-07-01..2024-08-01x",
                           "2024-07-01 .. 2024-08-01",
                           "2024-7-1..2024-8-1",
                           "+2024",
                           "-2024",
                           "2024Q3..2024Q4"}) {
    ExpectError(text, "period.invalid");
  }
}

TEST(StatPeriodTest, WindowEndingBeforeItStartsIsReversed) {
  ExpectError("2024-10-15..2024-07-01", "period.reversed");
  ExpectError("2024-07-02..2024-07-01", "period.reversed");
}

TEST(StatPeriodTest, WindowOverThreeYearsIsTooLong) {
  EXPECT_TRUE(parse_stat_period("2021-01-01..2023-12-31"));  // exactly three years
  ExpectError("2021-01-01..2024-01-01", "period.too_long");
  EXPECT_TRUE(parse_stat_period("2021-07-15..2024-07-14"));
  ExpectError("2021-07-15..2024-07-15", "period.too_long");
  ExpectError("2000-01-01..2024-01-01", "period.too_long");
  // From 29 February, three years on is 1 March in a common year.
  EXPECT_TRUE(parse_stat_period("2024-02-29..2027-02-28"));
  ExpectError("2024-02-29..2027-03-01", "period.too_long");
}

TEST(StatPeriodTest, QuarterOfADate) {
  EXPECT_EQ(quarter_of(D("2024-01-01")).label, "2024Q1");
  EXPECT_EQ(quarter_of(D("2024-03-31")).label, "2024Q1");
  EXPECT_EQ(quarter_of(D("2024-04-01")).label, "2024Q2");
  EXPECT_EQ(quarter_of(D("2024-08-15")), P("2024Q3"));
  EXPECT_EQ(quarter_of(D("2024-12-31")), P("2024Q4"));
}

TEST(StatPeriodTest, PreviousQuartersCrossTheYear) {
  const auto prev = previous_periods(P("2024Q1"), 5);
  EXPECT_EQ(Labels(prev), (std::vector<std::string>{"2023Q4", "2023Q3", "2023Q2", "2023Q1", "2022Q4"}));
  EXPECT_EQ(prev[0], P("2023Q4"));
  EXPECT_EQ(prev[3].from, D("2023-01-01"));
  EXPECT_EQ(prev[3].to, D("2023-03-31"));
  EXPECT_EQ(Labels(previous_periods(P("2024Q3"), 4)),
            (std::vector<std::string>{"2024Q2", "2024Q1", "2023Q4", "2023Q3"}));
}

TEST(StatPeriodTest, PreviousMonthsHaveTheirOwnLengths) {
  const auto prev = previous_periods(P("2024-04"), 4);
  EXPECT_EQ(Labels(prev), (std::vector<std::string>{"2024-03", "2024-02", "2024-01", "2023-12"}));
  EXPECT_EQ(prev[0].to, D("2024-03-31"));
  EXPECT_EQ(prev[1].from, D("2024-02-01"));
  EXPECT_EQ(prev[1].to, D("2024-02-29"));
  EXPECT_EQ(prev[1].days(), 29);
  EXPECT_EQ(prev[3].to, D("2023-12-31"));
  EXPECT_EQ(prev[3].kind, StatPeriod::Kind::kMonth);
  EXPECT_EQ(previous_periods(P("2023-03"), 1)[0].to, D("2023-02-28"));
  EXPECT_EQ(previous_periods(P("2024-08"), 1)[0].days(), 31);
  EXPECT_EQ(previous_periods(P("2024-10"), 1)[0].days(), 30);
}

TEST(StatPeriodTest, PreviousYears) {
  const auto prev = previous_periods(P("2024"), 4);
  EXPECT_EQ(Labels(prev), (std::vector<std::string>{"2023", "2022", "2021", "2020"}));
  EXPECT_EQ(prev[3].days(), 366);
  EXPECT_EQ(prev[0].from, D("2023-01-01"));
  EXPECT_EQ(prev[0].to, D("2023-12-31"));
}

TEST(StatPeriodTest, PreviousWindowsAreAsLongAndEndTheDayBefore) {
  const StatPeriod p = P("2024-07-01..2024-10-15");  // 107 days
  const auto prev = previous_periods(p, 4);
  ASSERT_EQ(prev.size(), 4u);
  EXPECT_EQ(prev[0].to, D("2024-06-30"));
  EXPECT_EQ(prev[0].from, D("2024-03-16"));
  EXPECT_EQ(prev[0].label, "2024-03-16..2024-06-30");
  for (size_t i = 0; i < prev.size(); ++i) {
    EXPECT_EQ(prev[i].kind, StatPeriod::Kind::kWindow);
    EXPECT_EQ(prev[i].days(), 107) << i;
    const Date next_from = i == 0 ? p.from : prev[i - 1].from;
    EXPECT_EQ(prev[i].to.plus_days(1), next_from) << i;
  }
  // Across a year end and a leap day.
  const auto one = previous_periods(P("2024-03-01..2024-03-10"), 2);
  EXPECT_EQ(one[0].label, "2024-02-20..2024-02-29");
  EXPECT_EQ(one[1].label, "2024-02-10..2024-02-19");
  EXPECT_EQ(previous_periods(P("2024-01-01..2024-01-01"), 1)[0].label, "2023-12-31..2023-12-31");
  // Each previous window parses back to itself.
  for (const auto& w : prev) EXPECT_EQ(P(w.label.c_str()), w);
}

TEST(StatPeriodTest, NoPreviousPeriodsForZero) {
  EXPECT_TRUE(previous_periods(P("2024Q3"), 0).empty());
  EXPECT_TRUE(previous_periods(P("2024Q3"), -1).empty());
}

}  // namespace
}  // namespace bb
