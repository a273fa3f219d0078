#include "domain/clock.h"

#include <gtest/gtest.h>

namespace bb {
namespace {

Instant T(const char* s) { return *parse_utc(s); }

TEST(ClockTest, UtcRoundTrip) {
  EXPECT_EQ(format_utc(T("2024-03-14T08:12:05Z")), "2024-03-14T08:12:05Z");
  EXPECT_FALSE(parse_utc("2024-03-14 08:12:05"));
  EXPECT_FALSE(parse_utc("2024-02-30T08:12:05Z"));
  EXPECT_FALSE(parse_utc("2024-03-14T25:12:05Z"));
}

TEST(ClockTest, CopenhagenSummerTimeBoundaries2024) {
  // Summer time 2024: 31 March 01:00 UTC to 27 October 01:00 UTC.
  EXPECT_EQ(copenhagen_offset(T("2024-03-31T00:59:59Z")).count(), 1);
  EXPECT_EQ(copenhagen_offset(T("2024-03-31T01:00:00Z")).count(), 2);
  EXPECT_EQ(copenhagen_offset(T("2024-10-27T00:59:59Z")).count(), 2);
  EXPECT_EQ(copenhagen_offset(T("2024-10-27T01:00:00Z")).count(), 1);
}

TEST(ClockTest, CopenhagenDateCrossesMidnight) {
  EXPECT_EQ(copenhagen_date(T("2024-06-30T22:30:00Z")).iso(), "2024-07-01");
  EXPECT_EQ(copenhagen_date(T("2024-12-31T22:30:00Z")).iso(), "2024-12-31");
  EXPECT_EQ(copenhagen_date(T("2024-12-31T23:30:00Z")).iso(), "2025-01-01");
}

TEST(ClockTest, DanishDateTime) {
  EXPECT_EQ(danish_datetime(T("2024-03-14T08:12:00Z")), "14. marts 2024 kl. 09.12");
  EXPECT_EQ(danish_datetime(T("2024-07-01T07:05:00Z")), "1. juli 2024 kl. 09.05");
}

}  // namespace
}  // namespace bb
