#include "domain/cpr.h"

namespace bb {
namespace {

int century_base(int seventh, int yy) {
  if (seventh <= 3) return 1900;
  if (seventh == 4 || seventh == 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;  // 5-8
}

}  // namespace

Result<Cpr> Cpr::parse(std::string_view text) {
  std::string digits;
  if (text.size() == 11 && text[6] == '-') {
    digits = std::string(text.substr(0, 6)) + std::string(text.substr(7));
  } else if (text.size() == 10) {
    digits = std::string(text);
  } else {
    return Error::field(ErrorCode::kInvalid, "cpr", "cpr.format");
  }
  for (char c : digits) {
    if (c < '0' || c > '9') return Error::field(ErrorCode::kInvalid, "cpr", "cpr.format");
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (digits[i] - '0');
    return v;
  };
  const int dd = num(0, 2), mm = num(2, 2), yy = num(4, 2), seventh = num(6, 1);
  const int year = century_base(seventh, yy) + yy;
  Date birth(year, static_cast<unsigned>(mm), static_cast<unsigned>(dd));
  if (!birth.valid() || mm < 1 || mm > 12 || dd < 1) {
    return Error::field(ErrorCode::kInvalid, "cpr", "cpr.date");
  }
  static constexpr int kWeights[10] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
  int sum = 0;
  for (size_t i = 0; i < 10; ++i) sum += (digits[i] - '0') * kWeights[i];
  return Cpr(std::move(digits), birth, sum % 11 == 0);
}

std::string Cpr::formatted() const { return digits_.substr(0, 6) + "-" + digits_.substr(6); }

std::string Cpr::masked() const { return digits_.substr(0, 6) + "-****"; }

std::string mask_cpr(std::string_view stored) {
  auto parsed = Cpr::parse(stored);
  if (!parsed) return stored.empty() ? "" : "******-****";
  return parsed->masked();
}

}  // namespace bb
