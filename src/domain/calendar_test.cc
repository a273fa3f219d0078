#include "domain/calendar.h"
#include "domain/deadline.h"

#include <gtest/gtest.h>

namespace bb {
namespace {

Date D(const char* iso) { return *Date::parse_iso(iso); }

TEST(DateTest, ParsesStrictIsoOnly) {
  EXPECT_TRUE(Date::parse_iso("2024-02-29"));
  EXPECT_FALSE(Date::parse_iso("2023-02-29"));
  EXPECT_FALSE(Date::parse_iso("2024-13-01"));
  EXPECT_FALSE(Date::parse_iso("2024-1-01"));
  EXPECT_FALSE(Date::parse_iso("14-03-2024"));
  EXPECT_FALSE(Date::parse_iso("2024-03-1x"));
  EXPECT_FALSE(Date::parse_iso(""));
}

TEST(DateTest, FormatsDanishStyle) {
  EXPECT_EQ(D("2024-03-14").danish(), "14. marts 2024");
  EXPECT_EQ(D("2024-12-01").danish(), "1. december 2024");
  EXPECT_EQ(D("2024-03-14").iso(), "2024-03-14");
  EXPECT_EQ(D("2024-03-14").english(), "14 March 2024");
  EXPECT_EQ(D("2024-12-01").written("en"), "1 December 2024");
  EXPECT_EQ(D("2024-12-01").written("da"), "1. december 2024");
}

TEST(CalendarTest, EasterSundayKnownYears) {
  EXPECT_EQ(easter_sunday(2023), D("2023-04-09"));
  EXPECT_EQ(easter_sunday(2024), D("2024-03-31"));
  EXPECT_EQ(easter_sunday(2025), D("2025-04-20"));
  EXPECT_EQ(easter_sunday(2026), D("2026-04-05"));
  EXPECT_EQ(easter_sunday(2038), D("2038-04-25"));
}

TEST(CalendarTest, MovableHolidays2024) {
  EXPECT_EQ(closed_day_reason(D("2024-03-28")), "Skærtorsdag");
  EXPECT_EQ(closed_day_reason(D("2024-03-29")), "Langfredag");
  EXPECT_EQ(closed_day_reason(D("2024-04-01")), "2. påskedag");
  EXPECT_EQ(closed_day_reason(D("2024-05-09")), "Kristi himmelfartsdag");
  EXPECT_EQ(closed_day_reason(D("2024-05-20")), "2. pinsedag");
}

TEST(CalendarTest, StoreBededagOnlyUntil2023) {
  EXPECT_EQ(closed_day_reason(D("2023-05-05")), "Store bededag");
  // Fourth Friday after Easter 2024 is 26 April: an ordinary working day since 2024.
  EXPECT_TRUE(is_working_day(D("2024-04-26")));
}

TEST(CalendarTest, FixedClosedDays) {
  EXPECT_EQ(closed_day_reason(D("2024-06-05")), "Grundlovsdag");
  EXPECT_EQ(closed_day_reason(D("2024-12-24")), "Juleaftensdag");
  EXPECT_EQ(closed_day_reason(D("2024-12-31")), "Nytårsaftensdag");
  EXPECT_EQ(closed_day_reason(D("2025-01-01")), "Nytårsdag");
  EXPECT_EQ(closed_day_reason(D("2024-03-16")), "Lørdag");
  EXPECT_EQ(closed_day_reason(D("2024-03-17")), "Søndag");
  EXPECT_TRUE(is_working_day(D("2024-03-18")));
}

TEST(CalendarTest, AddWorkingDaysSkipsWeekendsAndEaster) {
  // Thursday 14 March 2024 + 10 working days = Thursday 28 March is Skærtorsdag, so the count
  // runs over Easter: 15,18,19,20,21,22,25,26,27 (9), then 2 April (10).
  EXPECT_EQ(add_working_days(D("2024-03-14"), 10), D("2024-04-02"));
  EXPECT_EQ(add_working_days(D("2024-03-15"), 1), D("2024-03-18"));
  EXPECT_EQ(add_working_days(D("2024-03-15"), 0), D("2024-03-15"));
  // Over Christmas: Friday 20 December 2024 + 3 = 23, 27, 30 December.
  EXPECT_EQ(add_working_days(D("2024-12-20"), 3), D("2024-12-30"));
}

TEST(CalendarTest, WorkingDaysBetweenIsInverseOfAdd) {
  Date start = D("2024-01-01");
  for (int n = 0; n < 300; n += 7) {
    EXPECT_EQ(working_days_between(start, add_working_days(start, n)), n) << n;
  }
  EXPECT_EQ(working_days_between(D("2024-03-20"), D("2024-03-10")), 0);
}

TEST(CalendarTest, GrundlovsdagOnSecondPinsedagCountsOnce) {
  // 2017: Easter 16 April, so 2. pinsedag fell on 5 June; the fixed name wins and the day
  // closes the office once. Mon 29 May .. Fri 9 June 2017 has 10 weekdays, less 2. pinsedag.
  EXPECT_EQ(closed_day_reason(D("2017-06-05")), "Grundlovsdag");
  EXPECT_EQ(working_days_between(D("2017-05-28"), D("2017-06-09")), 9);
}

// working_days_between counts arithmetically; checked against counting day by day with the
// named closed days, for every start day of 2015-2030 and spans from 0 to about two years.
TEST(CalendarTest, WorkingDaysBetweenMatchesDayByDayCount) {
  const Date first = D("2015-01-01");
  for (Date from = first; from <= D("2030-12-31"); from = from.plus_days(1)) {
    int expected = 0;
    Date d = from;
    for (int span = 1; span <= 800; span += 1 + span / 10) {
      for (; d < from.plus_days(span);) {
        d = d.plus_days(1);
        if (!closed_day_reason(d)) ++expected;
      }
      ASSERT_EQ(working_days_between(from, d), expected) << from.iso() << " .. " << d.iso();
    }
  }
}

}  // namespace
TEST(CalendarTest, ClosedDaysNamedInEnglish) {
  EXPECT_EQ(closed_day_reason(D("2024-03-29"), "en"), "Good Friday");
  EXPECT_EQ(closed_day_reason(D("2024-04-01"), "en"), "Easter Monday");
  EXPECT_EQ(closed_day_reason(D("2017-06-05"), "en"), "Constitution Day");  // also Whit Monday that year
  EXPECT_EQ(closed_day_reason(D("2024-03-16"), "en"), "Saturday");
  EXPECT_EQ(closed_day_reason(D("2024-03-29"), "da"), "Langfredag");
  EXPECT_EQ(closed_day_reason(D("2024-03-18"), "en"), std::nullopt);
  EXPECT_EQ(weekday_date(D("2024-04-02"), "en"), "Tuesday 2 April 2024");
  EXPECT_EQ(weekday_date(D("2024-04-02"), "da"), "tirsdag den 2. april 2024");
}

}  // namespace bb
