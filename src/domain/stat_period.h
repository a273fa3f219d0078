// Periods for statistics and signals: a quarter ("2024Q3"), a month ("2024-07"), a year
// ("2024") or a chosen window ("2024-07-01..2024-10-15"). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/result.h"

namespace bb {

struct StatPeriod {
  enum class Kind { kQuarter, kMonth, kYear, kWindow };
  Kind kind = Kind::kQuarter;
  Date from;          // first day, inclusive
  Date to;            // last day, inclusive
  std::string label;  // "2024Q3", "2024-07", "2024", "2024-07-01..2024-10-15"

  int days() const { return from.days_until(to) + 1; }
  bool contains(const Date& d) const { return from <= d && d <= to; }
  friend bool operator==(const StatPeriod&, const StatPeriod&) = default;
};

// Parses one of the four forms. Error kInvalid with field "period" and key "period.invalid"
// when malformed, "period.reversed" when a window ends before it starts, and
// "period.too_long" when a window spans more than 3 years.
Result<StatPeriod> parse_stat_period(std::string_view text);

// The quarter that holds `d`.
StatPeriod quarter_of(const Date& d);

// The `n` periods immediately before `p`, nearest first: the previous quarters, months or
// years; for a window, windows of the same number of days ending the day before.
std::vector<StatPeriod> previous_periods(const StatPeriod& p, int n);

}  // namespace bb
