// Dates and the Danish working-day calendar.
//
// Date is a plain calendar day (no time zone). Closed days are Saturdays, Sundays, the public
// holidays computed from Easter (Store bededag only up to 2023), Grundlovsdag (5 June), and
// 24 and 31 December. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bb {

class Date {
 public:
  Date() = default;
  Date(int year, unsigned month, unsigned day)
      : ymd_(std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}) {}
  explicit Date(std::chrono::sys_days days) : ymd_(days) {}

  // Parses strict ISO 8601 "YYYY-MM-DD"; nullopt when malformed or not a real date.
  static std::optional<Date> parse_iso(std::string_view text);

  int year() const { return static_cast<int>(ymd_.year()); }
  unsigned month() const { return static_cast<unsigned>(ymd_.month()); }
  unsigned day() const { return static_cast<unsigned>(ymd_.day()); }
  bool valid() const { return ymd_.ok(); }
  std::chrono::sys_days days() const { return std::chrono::sys_days{ymd_}; }
  // 1 = Monday ... 7 = Sunday.
  unsigned iso_weekday() const { return std::chrono::weekday{days()}.iso_encoding(); }

  Date plus_days(int n) const { return Date{days() + std::chrono::days{n}}; }
  int days_until(const Date& other) const { return (other.days() - days()).count(); }

  std::string iso() const;      // "2024-03-14"
  std::string danish() const;   // "14. marts 2024"
  std::string english() const;  // "14 March 2024"
  // danish() or english() by language code ("en" = English, anything else Danish).
  std::string written(const std::string& lang) const { return lang == "en" ? english() : danish(); }

  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date& a, const Date& b) { return a.days() <=> b.days(); }

 private:
  std::chrono::year_month_day ymd_{std::chrono::year{1970}, std::chrono::January,
                                   std::chrono::day{1}};
};

// Easter Sunday (Gregorian) for the year.
Date easter_sunday(int year);

// Name of the closed day ("Langfredag", "Lørdag", ...) or nullopt when it is a working day.
// lang "en" names it in English ("Good Friday", "Saturday"); anything else in Danish.
std::optional<std::string> closed_day_reason(const Date& date, const std::string& lang = "da");
bool is_working_day(const Date& date);

// The date `n` working days after `from` (from itself is not counted). n >= 0.
Date add_working_days(const Date& from, int n);

// Working days after `from` up to and including `to` (0 when to <= from).
int working_days_between(const Date& from, const Date& to);

}  // namespace bb
