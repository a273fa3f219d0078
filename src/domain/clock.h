// Time as the domain sees it: a Clock is passed in (never read from a global), instants are
// stored as UTC ISO 8601 text, and shown in Europe/Copenhagen (CET/CEST by the EU rule: summer
// time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <optional>

#include "domain/calendar.h"

namespace bb {

using Instant = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock tests set by hand.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant t) : t_(t) {}
  Instant now() const override { return t_; }
  void advance(std::chrono::seconds s) { t_ += s; }
  void set(Instant t) { t_ = t; }

 private:
  Instant t_;
};

// "2024-03-14T08:12:00Z"
std::string format_utc(Instant t);
std::optional<Instant> parse_utc(std::string_view text);

// Offset of Copenhagen local time from UTC at instant t: 1 h or 2 h.
std::chrono::hours copenhagen_offset(Instant t);
// The Copenhagen calendar day of an instant.
Date copenhagen_date(Instant t);
// "14. marts 2024 kl. 09.12" in Copenhagen time.
std::string danish_datetime(Instant t);

}  // namespace bb
