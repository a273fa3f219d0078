// The daily reminder digest: which deadlines an advisor is reminded of, and the e-mail that
// says so.
//
// An item is a deadline with nothing but a reference (a case number "2024-0042" or a
// recommendation number "H-2024-03") and a date: never a citizen's name, CPR number or case
// text, so a mail that goes astray or sits in a mailbox reveals nothing about anyone. The
// subject is the same fixed text for every advisor on a day (no counts, no names).
//
// The texts come from the message catalogue's "digest" object (mail/mailer.h loads them);
// this file only arranges them. Pure functions over value types; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/systemic.h"

namespace bb {

enum class DigestKind {
  kFirstResponseOverdue,    // a case's first response to the citizen is past its due date
  kFirstResponseDue,        // … is due today or within kFirstResponseSoonWorkingDays
  kRecommendationOverdue,   // a recommendation awaits a response after its due date
  kRecommendationDue,       // … whose response is due within kRecommendationSoonWorkingDays
  kFollowUpDue,             // a recommendation's follow-up date has come
};

inline constexpr int kFirstResponseSoonWorkingDays = 2;
inline constexpr int kRecommendationSoonWorkingDays = 5;

// Every kind, in the order the mail lists them.
inline constexpr DigestKind kDigestKinds[] = {
    DigestKind::kFirstResponseOverdue, DigestKind::kFirstResponseDue,
    DigestKind::kRecommendationOverdue, DigestKind::kRecommendationDue, DigestKind::kFollowUpDue};

// "first_response_overdue", … : the kind's key in the catalogue's "digest.heading" object.
const char* digest_kind_code(DigestKind kind);

struct DigestItem {
  DigestKind kind = DigestKind::kFirstResponseOverdue;
  std::string reference;  // case or recommendation number
  Date due;               // the due date, or the follow-up date

  friend bool operator==(const DigestItem&, const DigestItem&) = default;
};

// The last day counted as "due soon" for first responses: kFirstResponseSoonWorkingDays
// working days after today. Cases with a first response due on or before it are of interest
// (CaseFilter::response_due_by).
Date first_response_horizon(const Date& today);
// As above for recommendation responses (kRecommendationSoonWorkingDays).
Date recommendation_horizon(const Date& today);

// The first-response items of cases: open, no first response given, due on or before the
// horizon. Other cases are skipped, so any list of cases may be passed.
std::vector<DigestItem> first_response_items(const std::vector<Case>& cases, const Date& today);

// Recommendation items: awaiting a response and overdue, or due by the horizon; and
// follow-ups due (Recommendation::follow_up_due), which may come in addition. Others are
// skipped. A recommendation listed twice (same id) counts once.
std::vector<DigestItem> recommendation_items(const std::vector<Recommendation>& recommendations,
                                             const Date& today);

// The catalogue texts of the mail. Placeholders are written {{name}}.
struct DigestTexts {
  std::string subject;         // {{date}}
  std::string greeting;        // {{name}}
  std::string intro;           // {{date}}
  std::string heading[5];      // per DigestKind (by its value); {{count}}, {{days}}
  std::string item_case;       // {{ref}}, {{date}}: first-response items
  std::string item_response;   // {{ref}}, {{date}}: recommendation response items
  std::string item_follow_up;  // {{ref}}, {{date}}: follow-up items
  std::string link;            // {{url}}
  std::string footer;
};

// The catalogue keys of the texts ("digest.subject", …, "digest.heading.first_response_overdue",
// …), so a loader can check that the catalogue has every one.
std::vector<std::string> digest_text_keys();
// Builds the texts from a lookup of those keys.
DigestTexts make_digest_texts(const std::function<std::string(const std::string& key)>& text);

struct DigestMail {
  std::string subject;  // the same for everyone on the day: no names, no counts
  std::string body;     // plain text, "\n" line ends
};

// The subject of the digest of `today`, e.g. "Brobygger: dine påmindelser for 26. november 2026".
std::string digest_subject(const Date& today, const DigestTexts& texts);

// The mail to `advisor_name` (the recipient's own name, used in the greeting only), or nullopt
// when there are no items. Items are grouped by kind in kDigestKinds order and sorted by date,
// then reference. The body ends with a link to `base_url` + "/" when base_url is not empty.
std::optional<DigestMail> compose_digest(const std::string& advisor_name, const Date& today,
                                         std::vector<DigestItem> items, const std::string& base_url,
                                         const DigestTexts& texts);

}  // namespace bb
