#include "domain/clock.h"

#include <cstdio>

namespace bb {
namespace {

using namespace std::chrono;

sys_days last_sunday(int year, unsigned month) {
  sys_days last = sys_days{year_month_day_last{std::chrono::year{year}, month_day_last{std::chrono::month{month}}}};
  const unsigned wd = weekday{last}.c_encoding();  // 0 = Sunday
  return last - days{wd};
}

}  // namespace

std::string format_utc(Instant t) {
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

std::optional<Instant> parse_utc(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[19] != 'Z') return std::nullopt;
  auto date = Date::parse_iso(text.substr(0, 10));
  if (!date) return std::nullopt;
  int h = 0, m = 0, s = 0;
  if (std::sscanf(std::string(text.substr(11, 8)).c_str(), "%2d:%2d:%2d", &h, &m, &s) != 3 ||
      h > 23 || m > 59 || s > 60) {
    return std::nullopt;
  }
  return Instant{date->days()} + hours{h} + minutes{m} + seconds{s};
}

hours copenhagen_offset(Instant t) {
  const int y = static_cast<int>(year_month_day{floor<days>(t)}.year());
  const Instant summer_start = Instant{last_sunday(y, 3)} + hours{1};
  const Instant summer_end = Instant{last_sunday(y, 10)} + hours{1};
  return (t >= summer_start && t < summer_end) ? hours{2} : hours{1};
}

Date copenhagen_date(Instant t) { return Date{floor<days>(t + copenhagen_offset(t))}; }

std::string danish_datetime(Instant t) {
  const Instant local = t + copenhagen_offset(t);
  const sys_days day = floor<days>(local);
  const hh_mm_ss hms{local - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, " kl. %02ld.%02ld", static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()));
  return Date{day}.danish() + buf;
}

}  // namespace bb
