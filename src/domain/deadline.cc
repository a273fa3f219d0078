#include "domain/deadline.h"

#include <nlohmann/json.hpp>

#include <array>

namespace bb {

Result<DeadlineRules> DeadlineRules::parse_json(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("rules") || !j["rules"].is_array()) {
    return Error::field(ErrorCode::kInvalid, "rules", "deadline.table_malformed");
  }
  DeadlineRules out;
  int row = 0;
  for (const auto& r : j["rules"]) {
    ++row;
    const std::string where = "rules[" + std::to_string(row) + "]";
    if (!r.is_object()) return Error::field(ErrorCode::kInvalid, where, "deadline.row_not_object");
    DeadlineRule rule;
    for (auto [field, target] : std::array<std::pair<const char*, std::string*>, 9>{{
             {"area", &rule.area},
             {"title", &rule.title},
             {"body", &rule.body},
             {"rule", &rule.rule},
             {"counts_from", &rule.counts_from},
             {"how", &rule.how},
             {"fee", &rule.fee},
             {"legal_basis", &rule.legal_basis},
             {"note", &rule.note}}}) {
      if (!r.contains(field)) continue;
      if (!r[field].is_string()) return Error::field(ErrorCode::kInvalid, where + "." + field, "field.expected_string");
      *target = r[field].get<std::string>();
    }
    if (r.contains("en")) {
      const auto& en = r["en"];
      if (!en.is_object()) return Error::field(ErrorCode::kInvalid, where + ".en", "deadline.row_not_object");
      for (auto [field, target] : std::array<std::pair<const char*, std::string*>, 5>{{
               {"title", &rule.title_en},
               {"counts_from", &rule.counts_from_en},
               {"how", &rule.how_en},
               {"fee", &rule.fee_en},
               {"note", &rule.note_en}}}) {
        if (!en.contains(field)) continue;
        if (!en[field].is_string()) {
          return Error::field(ErrorCode::kInvalid, where + ".en." + field, "field.expected_string");
        }
        *target = en[field].get<std::string>();
      }
    }
    if (rule.area.empty()) return Error::field(ErrorCode::kInvalid, where + ".area", "field.required");
    if (rule.body.empty()) return Error::field(ErrorCode::kInvalid, where + ".body", "field.required");
    if (!rule.rule.empty() && !parse_period(rule.rule)) {
      return Error::field(ErrorCode::kInvalid, where + ".rule", "deadline.rule_format");
    }
    if (out.find(rule.area)) return Error::field(ErrorCode::kInvalid, where + ".area", "deadline.area_repeated");
    out.rules_.push_back(std::move(rule));
  }
  return out;
}

DeadlineRule::Text DeadlineRule::text(std::string_view field, const std::string& lang) const {
  const std::pair<const std::string*, const std::string*> texts[] = {
      {&title, &title_en}, {&counts_from, &counts_from_en}, {&how, &how_en}, {&fee, &fee_en}, {&note, &note_en}};
  constexpr std::string_view kFields[] = {"title", "counts_from", "how", "fee", "note"};
  for (size_t i = 0; i < std::size(kFields); ++i) {
    if (kFields[i] != field) continue;
    const auto [da, en] = texts[i];
    // An empty Danish text (no fee) stays empty in every language.
    if (lang == "en" && !en->empty() && !da->empty()) return {*en, "en"};
    return {*da, "da"};
  }
  return {"", "da"};
}

const DeadlineRule* DeadlineRules::find(std::string_view area) const {
  for (const auto& r : rules_) {
    if (r.area == area) return &r;
  }
  return nullptr;
}

const DeadlineRule* DeadlineRules::find_by_body(std::string_view body) const {
  for (const auto& r : rules_) {
    if (r.body == body) return &r;
  }
  return nullptr;
}

std::optional<Period> parse_period(std::string_view rule) {
  if (rule.size() < 2) return std::nullopt;
  const char unit = rule.back();
  int n = 0;
  for (char c : rule.substr(0, rule.size() - 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
    if (n > 1200) return std::nullopt;
  }
  if (n == 0) return std::nullopt;
  if (unit == 'w') return Period{Period::Unit::kWeeks, n};
  if (unit == 'm') return Period{Period::Unit::kMonths, n};
  return std::nullopt;
}

Date add_period(const Date& received, const Period& p) {
  if (p.unit == Period::Unit::kWeeks) return received.plus_days(7 * p.count);
  using namespace std::chrono;
  const int total = received.year() * 12 + static_cast<int>(received.month()) - 1 + p.count;
  const int year = total / 12;
  const unsigned month = static_cast<unsigned>(total % 12) + 1;
  const unsigned last = static_cast<unsigned>(
      year_month_day_last{std::chrono::year{year}, month_day_last{std::chrono::month{month}}}.day());
  return Date(year, month, std::min(received.day(), last));
}

Result<DeadlineResult> compute_deadline(const DeadlineRules& rules, std::string_view area,
                                        const Date& received) {
  const DeadlineRule* rule = rules.find(area);
  if (!rule) return Error::field(ErrorCode::kNotFound, "area", "deadline.area_unknown");
  DeadlineResult out{*rule, received, std::nullopt, std::nullopt, {}};
  auto period = parse_period(rule->rule);
  if (!period) return out;  // no fixed deadline
  Date d = add_period(received, *period);
  const Date raw = d;
  while (auto reason = closed_day_reason(d)) {
    out.skipped.push_back({d, *reason});
    d = d.plus_days(1);
  }
  out.deadline = d;
  if (d != raw) out.rolled_from = raw;
  return out;
}

Date presumed_receipt(const Date& letter_date, Delivery delivery, int presumed_post_days) {
  return delivery == Delivery::kDigitalPost ? letter_date : letter_date.plus_days(presumed_post_days);
}

std::string danish_weekday_date(const Date& d) {
  static constexpr std::array<const char*, 7> kDays = {"mandag", "tirsdag", "onsdag", "torsdag",
                                                       "fredag", "lørdag",  "søndag"};
  return std::string(kDays[d.iso_weekday() - 1]) + " den " + d.danish();
}

std::string english_weekday_date(const Date& d) {
  static constexpr std::array<const char*, 7> kDays = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                       "Friday", "Saturday", "Sunday"};
  static constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",
                                                          "May",     "June",     "July",      "August",
                                                          "September", "October", "November", "December"};
  return std::string(kDays[d.iso_weekday() - 1]) + " " + std::to_string(d.day()) + " " + kMonths[d.month() - 1] +
         " " + std::to_string(d.year());
}

}  // namespace bb
