#include "domain/stat_period.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

namespace bb {
namespace {

constexpr int kMinYear = 1900;  // as Date::parse_iso
constexpr int kMaxYear = 9999;
constexpr int kMaxWindowYears = 3;

Error period_error(const char* key) {
  return Error::field(ErrorCode::kInvalid, "period", key);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A four-digit year in [kMinYear, kMaxYear]; nullopt otherwise.
std::optional<int> parse_year(std::string_view s) {
  if (s.size() != 4 || !all_digits(s)) return std::nullopt;
  int y = 0;
  for (char c : s) y = y * 10 + (c - '0');
  if (y < kMinYear || y > kMaxYear) return std::nullopt;
  return y;
}

Date last_day_of_month(int year, unsigned month) {
  const std::chrono::year_month_day_last ymdl{std::chrono::year{year},
                                              std::chrono::month_day_last{std::chrono::month{month}}};
  return Date{std::chrono::sys_days{ymdl}};
}

std::string year_label(int year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", year);
  return buf;
}

StatPeriod make_quarter(int year, unsigned quarter) {
  StatPeriod p;
  p.kind = StatPeriod::Kind::kQuarter;
  p.from = Date(year, 3 * quarter - 2, 1);
  p.to = last_day_of_month(year, 3 * quarter);
  p.label = year_label(year) + "Q" + std::to_string(quarter);
  return p;
}

StatPeriod make_month(int year, unsigned month) {
  StatPeriod p;
  p.kind = StatPeriod::Kind::kMonth;
  p.from = Date(year, month, 1);
  p.to = last_day_of_month(year, month);
  char buf[16];
  std::snprintf(buf, sizeof buf, "-%02u", month);
  p.label = year_label(year) + buf;
  return p;
}

StatPeriod make_year(int year) {
  StatPeriod p;
  p.kind = StatPeriod::Kind::kYear;
  p.from = Date(year, 1, 1);
  p.to = Date(year, 12, 31);
  p.label = year_label(year);
  return p;
}

StatPeriod make_window(const Date& from, const Date& to) {
  StatPeriod p;
  p.kind = StatPeriod::Kind::kWindow;
  p.from = from;
  p.to = to;
  p.label = from.iso() + ".." + to.iso();
  return p;
}

// The first day more than kMaxWindowYears after `from` (29 February rolls over to 1 March).
Date window_limit(const Date& from) {
  using namespace std::chrono;
  const year_month_day ymd{year{from.year() + kMaxWindowYears}, month{from.month()}, day{from.day()}};
  // For an invalid day (29 February in a common year) sys_days counts on from the 1st.
  return Date{sys_days{ymd}};
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<StatPeriod> parse_stat_period(std::string_view text) {
  text = trim(text);

  // Window: "YYYY-MM-DD..YYYY-MM-DD".
  if (const size_t dots = text.find(".."); dots != std::string_view::npos) {
    const auto from = Date::parse_iso(text.substr(0, dots));
    const auto to = Date::parse_iso(text.substr(dots + 2));
    if (!from || !to) return period_error("period.invalid");
    if (*to < *from) return period_error("period.reversed");
    if (*to >= window_limit(*from)) return period_error("period.too_long");
    return make_window(*from, *to);
  }

  // Year: "YYYY".
  if (text.size() == 4) {
    const auto y = parse_year(text);
    if (!y) return period_error("period.invalid");
    return make_year(*y);
  }

  // Quarter: "YYYYQn".
  if (text.size() == 6 && text[4] == 'Q') {
    const auto y = parse_year(text.substr(0, 4));
    const char q = text[5];
    if (!y || q < '1' || q > '4') return period_error("period.invalid");
    return make_quarter(*y, static_cast<unsigned>(q - '0'));
  }

  // Month: "YYYY-MM".
  if (text.size() == 7 && text[4] == '-') {
    const auto y = parse_year(text.substr(0, 4));
    const std::string_view mm = text.substr(5, 2);
    if (!y || !all_digits(mm)) return period_error("period.invalid");
    const unsigned m = static_cast<unsigned>((mm[0] - '0') * 10 + (mm[1] - '0'));
    if (m < 1 || m > 12) return period_error("period.invalid");
    return make_month(*y, m);
  }

  return period_error("period.invalid");
}

StatPeriod quarter_of(const Date& d) {
  return make_quarter(d.year(), (d.month() - 1) / 3 + 1);
}

std::vector<StatPeriod> previous_periods(const StatPeriod& p, int n) {
  std::vector<StatPeriod> out;
  if (n <= 0) return out;
  out.reserve(static_cast<size_t>(n));
  const int length = std::max(1, p.days());  // a well-formed period has at least one day
  Date first = p.from;                       // first day of the period after the one being made
  for (int i = 0; i < n; ++i) {
    const Date before = first.plus_days(-1);
    switch (p.kind) {
      case StatPeriod::Kind::kQuarter:
        out.push_back(quarter_of(before));
        break;
      case StatPeriod::Kind::kMonth:
        out.push_back(make_month(before.year(), before.month()));
        break;
      case StatPeriod::Kind::kYear:
        out.push_back(make_year(before.year()));
        break;
      case StatPeriod::Kind::kWindow:
        out.push_back(make_window(before.plus_days(1 - length), before));
        break;
    }
    first = out.back().from;
  }
  return out;
}

}  // namespace bb
