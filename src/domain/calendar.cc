#include "domain/calendar.h"

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

std::optional<std::string> closed_day_reason(const Date& date) {
  const unsigned m = date.month(), d = date.day();
  if (m == 1 && d == 1) return "Nytårsdag";
  if (m == 6 && d == 5) return "Grundlovsdag";
  if (m == 12 && d == 24) return "Juleaftensdag";
  if (m == 12 && d == 25) return "1. juledag";
  if (m == 12 && d == 26) return "2. juledag";
  if (m == 12 && d == 31) return "Nytårsaftensdag";

  const int offset = easter_sunday(date.year()).days_until(date);
  switch (offset) {
    case -3: return "Skærtorsdag";
    case -2: return "Langfredag";
    case 0: return "Påskedag";
    case 1: return "2. påskedag";
    case 26:
      // Store bededag was abolished as a public holiday from 2024.
      if (date.year() <= 2023) return "Store bededag";
      break;
    case 39: return "Kristi himmelfartsdag";
    case 49: return "Pinsedag";
    case 50: return "2. pinsedag";
    default: break;
  }
  const unsigned wd = date.iso_weekday();
  if (wd == 6) return "Lørdag";
  if (wd == 7) return "Søndag";
  return std::nullopt;
}

Date add_working_days(const Date& from, int n) {
  Date d = from;
  while (n > 0) {
    d = d.plus_days(1);
    if (is_working_day(d)) --n;
  }
  return d;
}

int working_days_between(const Date& from, const Date& to) {
  int count = 0;
  for (Date d = from.plus_days(1); d <= to; d = d.plus_days(1)) {
    if (is_working_day(d)) ++count;
  }
  return count;
}

}  // namespace bb
