// CPR numbers (Danish personal identity numbers).
//
// Accepts "DDMMYY-SSSS" or "DDMMYYSSSS". The birth date must exist, with the century taken from
// the seventh digit. Modulus 11 is reported as a warning only: numbers without it have been
// issued since 2007. A Cpr never prints itself unmasked except through digits()/formatted(),
// which only the case view and the store may call.
#pragma once

#include <string>
#include <string_view>

#include "domain/calendar.h"
#include "domain/result.h"

namespace bb {

class Cpr {
 public:
  static Result<Cpr> parse(std::string_view text);

  const std::string& digits() const { return digits_; }   // "1403721234"
  std::string formatted() const;                           // "140372-1234"
  std::string masked() const;                              // "140372-****"
  const Date& birth_date() const { return birth_; }
  bool passes_modulus11() const { return modulus11_; }

 private:
  Cpr(std::string digits, Date birth, bool mod11)
      : digits_(std::move(digits)), birth_(birth), modulus11_(mod11) {}
  std::string digits_;
  Date birth_;
  bool modulus11_ = false;
};

// Masks any stored CPR string ("1403721234" or "140372-1234") as "140372-****"; an empty
// value gives "" and a malformed one "******-****" (never the raw text).
std::string mask_cpr(std::string_view stored);

}  // namespace bb
