#include "domain/calendar.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace bb {

std::optional<Date> Date::parse_iso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lengths[p]; ++i) {
      char c = text[static_cast<size_t>(starts[p] + i)];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  Date d(parts[0], static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2]));
  if (!d.valid() || parts[0] < 1900) return std::nullopt;
  return d;
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

std::string Date::danish() const {
  static constexpr std::array<const char*, 12> kMonths = {
      "januar", "februar", "marts",     "april",   "maj",      "juni",
      "juli",   "august",  "september", "oktober", "november", "december"};
  return std::to_string(day()) + ". " + kMonths[month() - 1] + " " + std::to_string(year());
}

std::string Date::english() const {
  static constexpr std::array<const char*, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return std::to_string(day()) + " " + kMonths[month() - 1] + " " + std::to_string(year());
}

Date easter_sunday(int y) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

namespace {

// The public holidays that close the office, one rule each: a fixed day of the year, or a day
// counted from Easter Sunday. Fixed days come first, so a day that is both (Grundlovsdag and
// 2. pinsedag on 5 June 2017) gets the fixed name.
struct HolidayRule {
  const char* name;
  const char* english;
  unsigned month;      // fixed rule: month and day; 0 for an Easter rule
  unsigned day;
  int easter_offset;   // Easter rule: days from Easter Sunday
  int last_year;       // the last year the day is a holiday
};
constexpr int kAlways = 9999;
constexpr HolidayRule kHolidays[] = {
    {"Nytårsdag", "New Year's Day", 1, 1, 0, kAlways},
    {"Grundlovsdag", "Constitution Day", 6, 5, 0, kAlways},
    {"Juleaftensdag", "Christmas Eve", 12, 24, 0, kAlways},
    {"1. juledag", "Christmas Day", 12, 25, 0, kAlways},
    {"2. juledag", "Boxing Day", 12, 26, 0, kAlways},
    {"Nytårsaftensdag", "New Year's Eve", 12, 31, 0, kAlways},
    {"Skærtorsdag", "Maundy Thursday", 0, 0, -3, kAlways},
    {"Langfredag", "Good Friday", 0, 0, -2, kAlways},
    {"Påskedag", "Easter Sunday", 0, 0, 0, kAlways},
    {"2. påskedag", "Easter Monday", 0, 0, 1, kAlways},
    // Store bededag was abolished as a public holiday from 2024.
    {"Store bededag", "Great Prayer Day", 0, 0, 26, 2023},
    {"Kristi himmelfartsdag", "Ascension Day", 0, 0, 39, kAlways},
    {"Pinsedag", "Whit Sunday", 0, 0, 49, kAlways},
    {"2. pinsedag", "Whit Monday", 0, 0, 50, kAlways},
};

Date holiday_date(const HolidayRule& r, int year, const Date& easter) {
  return r.month != 0 ? Date(year, r.month, r.day) : easter.plus_days(r.easter_offset);
}

// The holiday's rule, or nullptr for any other day (weekends included). No allocation.
const HolidayRule* holiday_rule(const Date& date) {
  const int year = date.year();
  const Date easter = easter_sunday(year);
  for (const auto& r : kHolidays) {
    if (year > r.last_year) continue;
    if (holiday_date(r, year, easter) == date) return &r;
  }
  return nullptr;
}

bool is_weekend(const Date& date) { return date.iso_weekday() >= 6; }

}  // namespace

std::optional<std::string> closed_day_reason(const Date& date, const std::string& lang) {
  const bool en = lang == "en";
  if (const HolidayRule* r = holiday_rule(date)) return en ? r->english : r->name;
  const unsigned wd = date.iso_weekday();
  if (wd == 6) return en ? "Saturday" : "Lørdag";
  if (wd == 7) return en ? "Sunday" : "Søndag";
  return std::nullopt;
}

bool is_working_day(const Date& date) { return !is_weekend(date) && holiday_rule(date) == nullptr; }

Date add_working_days(const Date& from, int n) {
  Date d = from;
  while (n > 0) {
    d = d.plus_days(1);
    if (is_working_day(d)) --n;
  }
  return d;
}

int working_days_between(const Date& from, const Date& to) {
  // On day numbers (sys_days) throughout: Date keeps year/month/day, and converting it for every
  // comparison would cost more than the counting. Called once per case by the report figures.
  using std::chrono::sys_days;
  const sys_days first = from.days() + std::chrono::days{1}, last = to.days();
  if (last < first) return 0;
  auto weekend = [](sys_days d) { return std::chrono::weekday{d}.iso_encoding() >= 6; };
  // Weekdays in [first, last]: five per whole week, then the days of the part week one by one.
  const int span = static_cast<int>((last - first).count()) + 1;
  int count = span / 7 * 5;
  for (sys_days d = first + std::chrono::days{span / 7 * 7}; d <= last; d += std::chrono::days{1}) {
    count += !weekend(d);
  }
  // Less the holidays on a weekday in [first, last], each date once.
  for (int year = from.year(); year <= to.year(); ++year) {
    const Date easter = easter_sunday(year);
    std::array<sys_days, std::size(kHolidays)> seen{};
    size_t n_seen = 0;
    for (const auto& r : kHolidays) {
      if (year > r.last_year) continue;
      const sys_days h = holiday_date(r, year, easter).days();
      if (h < first || h > last || weekend(h)) continue;
      const auto end = seen.begin() + static_cast<std::ptrdiff_t>(n_seen);
      if (std::find(seen.begin(), end, h) != end) continue;
      seen[n_seen++] = h;
      --count;
    }
  }
  return count;
}

}  // namespace bb
