// Complaint deadlines (klagefrister): the rules table and the counting rules.
//
// The table is data (data/complaint_deadlines.json, loaded by the caller) so an advisor can
// correct it without a rebuild. Counting: the day of receipt is not counted; weeks run to the
// same weekday, months to the same date (or the month's last day when it has none); a
// deadline that ends on a closed day moves to the next working day, and runs to the end of
// that day. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/result.h"

namespace bb {

struct DeadlineRule {
  std::string area;         // "social", "beskaeftigelse", "byg", …
  std::string title;        // Danish name of the area, e.g. "Sociale sager"
  std::string body;         // complaint body, e.g. "Ankestyrelsen"
  std::string rule;         // "4w", "3m", "12m" or "" (no fixed deadline)
  std::string counts_from;  // Danish: what the period counts from
  std::string how;          // Danish: how to complain
  std::string fee;          // Danish: the fee, or ""
  std::string legal_basis;  // e.g. "retssikkerhedsloven § 66 og § 67"
  std::string note;         // Danish: anything else the citizen should know
  // The same texts in English (the table's "en" object); "" where there is no translation.
  std::string title_en, counts_from_en, how_en, fee_en, note_en;

  // A citizen-facing text ("title", "counts_from", "how", "fee", "note") in `lang`, and the
  // language it is actually written in: English where the table has it, Danish otherwise.
  struct Text {
    std::string text;
    std::string lang;
  };
  Text text(std::string_view field, const std::string& lang) const;
};

class DeadlineRules {
 public:
  // Parses the JSON table {"rules":[{area, title, body, rule, counts_from, how, fee,
  // legal_basis, note, en: {title, counts_from, how, fee, note}}, …]}; names the first bad row
  // and field on error.
  static Result<DeadlineRules> parse_json(std::string_view text);

  const DeadlineRule* find(std::string_view area) const;
  const std::vector<DeadlineRule>& rules() const { return rules_; }
  // The area whose complaint body is `body` (first match), e.g. "Byggeklageenheden" → "byg".
  const DeadlineRule* find_by_body(std::string_view body) const;

 private:
  std::vector<DeadlineRule> rules_;
};

// A parsed period: N weeks or N months.
struct Period {
  enum class Unit { kWeeks, kMonths } unit;
  int count;
};
std::optional<Period> parse_period(std::string_view rule);

// received + period by the counting rules, before moving off closed days.
Date add_period(const Date& received, const Period& period);

struct SkippedDay {
  Date date;
  std::string reason;  // "Lørdag", "2. påskedag", …
};

struct DeadlineResult {
  DeadlineRule rule;
  Date received;
  std::optional<Date> deadline;     // nullopt when the area has no fixed deadline
  std::optional<Date> rolled_from;  // the raw date, when it fell on a closed day
  std::vector<SkippedDay> skipped;  // closed days passed over when rolling forward
};

// kNotFound naming "area" when the area is unknown.
Result<DeadlineResult> compute_deadline(const DeadlineRules& rules, std::string_view area,
                                        const Date& received);

// The day a letter counts as received: Digital Post the day it is available; ordinary post
// `presumed_post_days` calendar days after the letter date (a setting).
enum class Delivery { kDigitalPost, kOrdinaryPost };
Date presumed_receipt(const Date& letter_date, Delivery delivery, int presumed_post_days);

// "tirsdag den 2. april 2024"
std::string danish_weekday_date(const Date& d);
// "Tuesday 2 April 2024"
std::string english_weekday_date(const Date& d);
// english_weekday_date for lang "en", danish_weekday_date otherwise.
inline std::string weekday_date(const Date& d, const std::string& lang) {
  return lang == "en" ? english_weekday_date(d) : danish_weekday_date(d);
}

}  // namespace bb
