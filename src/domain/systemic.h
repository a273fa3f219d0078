// The advisor's systemic work: recommendations (henstillinger), own-initiative investigations
// (egen drift), teaching and sparring activities, and complaints followed to the end.
//
// Each record has an Input (strings as typed into a form or sent to the API) and a validate
// function that reports every problem against its field and returns the typed value. Creating
// and editing go through the same validation; an edit is the current record turned back into
// an Input, overlaid with what changed, validated again, and diffed for the history. Pure
// functions over value types; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/codes.h"
#include "domain/deadline.h"
#include "domain/result.h"
#include "domain/settings.h"

namespace bb {

// One changed field, for histories: values as shown in the form (codes, ISO dates, lists
// joined with ", ").
struct FieldChange {
  std::string field;
  std::string before;
  std::string after;
};

inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxLongText = 50000;
inline constexpr size_t kMaxLinkedCases = 500;
// A recommendation's response is due this many working days after it is issued (four weeks).
inline constexpr int kResponseWorkingDays = 20;

// ---------------------------------------------------------------------------------------------
// Recommendations

struct Recommendation {
  int64_t id = 0;
  std::string number;  // "H-2024-03", running per year of issue, assigned by the store
  std::string title;
  std::string text;
  std::vector<std::string> departments;  // addressed to; at least one
  std::vector<int64_t> case_ids;         // the cases it rests on
  std::optional<int64_t> investigation_id;
  Date issued;
  Date response_due;
  std::string response_text;  // the department's response
  std::optional<Date> response_date;
  RecommendationStatus status = RecommendationStatus::kAfventerSvar;
  std::optional<Date> follow_up_date;
  std::string follow_up_notes;
  std::string created_at;
  std::string updated_at;
  int64_t version = 0;

  // Awaiting a response after the due date.
  bool overdue(const Date& today) const {
    return status == RecommendationStatus::kAfventerSvar && response_due < today;
  }
  // A follow-up date has come (and the recommendation has not lapsed).
  bool follow_up_due(const Date& today) const {
    return follow_up_date && *follow_up_date <= today && status != RecommendationStatus::kBortfaldet;
  }
};

struct RecommendationInput {
  std::string title;
  std::string text;
  std::vector<std::string> departments;
  std::vector<std::string> case_ids;   // decimal ids
  std::string investigation_id;        // "" = none
  std::string issued;                  // ISO; "" = today
  std::string response_due;            // ISO; "" = issued + kResponseWorkingDays working days
  std::string response_text;
  std::string response_date;           // ISO or ""
  std::string status;                  // code; "" = afventer_svar
  std::string follow_up_date;          // ISO or ""
  std::string follow_up_notes;
};

// Rules: title 1..kMaxTitle, text 1..kMaxLongText; departments known to the settings;
// response due on or after issued; a response date not before issued and not after today;
// `fulgt`, `delvist_fulgt` and `ikke_fulgt` need the response (text and date); the follow-up
// date not before issued. The caller checks that linked cases and the investigation exist.
Result<Recommendation> validate_recommendation(const RecommendationInput& in,
                                               const MunicipalitySettings& settings,
                                               const Date& today);
RecommendationInput to_input(const Recommendation& r);
std::vector<FieldChange> diff(const Recommendation& before, const Recommendation& after);

// ---------------------------------------------------------------------------------------------
// Investigations (undersøgelser af egen drift)

struct Investigation {
  int64_t id = 0;
  std::string number;  // "U-2024-01", assigned by the store
  std::string topic;
  std::vector<std::string> departments;
  std::optional<Date> period_from;  // the period the investigation looks at
  std::optional<Date> period_to;
  std::vector<int64_t> case_ids;
  std::vector<std::string> signals;  // signal keys it was started from, "2024Q3:theme:Jobcenter:partshoering"
  std::string method;                // e.g. "gennemgang af 20 sager"
  std::string findings;
  std::string conclusion;
  InvestigationStatus status = InvestigationStatus::kPlanlagt;
  Date started;
  std::string created_at;
  std::string updated_at;
  int64_t version = 0;
};

struct InvestigationInput {
  std::string topic;
  std::vector<std::string> departments;
  std::string period_from;
  std::string period_to;
  std::vector<std::string> case_ids;
  std::vector<std::string> signals;
  std::string method;
  std::string findings;
  std::string conclusion;
  std::string status;   // "" = planlagt
  std::string started;  // "" = today
};

// Rules: topic 1..kMaxTitle; departments known; period_to not before period_from; a concluded
// investigation (`afsluttet`) needs findings and a conclusion.
Result<Investigation> validate_investigation(const InvestigationInput& in,
                                             const MunicipalitySettings& settings,
                                             const Date& today);
InvestigationInput to_input(const Investigation& i);
std::vector<FieldChange> diff(const Investigation& before, const Investigation& after);

// ---------------------------------------------------------------------------------------------
// Teaching and sparring

struct Activity {
  int64_t id = 0;
  Date date;
  ActivityKind kind = ActivityKind::kUndervisning;
  std::string department;  // "" = across departments
  std::string topic;
  int participants = 0;
  int minutes = 0;  // entered as hours with up to two decimals
  std::string created_at;
  int64_t version = 0;
};

struct ActivityInput {
  std::string date;
  std::string kind;
  std::string department;
  std::string topic;
  std::string participants;
  std::string hours;  // "1,5" or "1.5"
};

// Rules: date not more than a year ahead; topic 1..kMaxTitle; 0..10000 participants;
// 0 < hours ≤ 1000.
Result<Activity> validate_activity(const ActivityInput& in, const MunicipalitySettings& settings,
                                   const Date& today);
ActivityInput to_input(const Activity& a);
// "1,5" for 90 minutes.
std::string hours_text(int minutes);

// ---------------------------------------------------------------------------------------------
// Complaints followed to the end

struct Complaint {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string department;
  std::string area;  // a complaint-deadline area code ("social", "byg", …)
  std::string body;  // the complaint body, default the area's
  Date decision_date;
  std::optional<Date> decision_received;  // default: the decision date
  std::optional<Date> sent;                // when the complaint was sent
  std::optional<Date> deadline;            // from the area's rule; nullopt when none
  Genvurdering genvurdering = Genvurdering::kAfventer;
  std::optional<Date> genvurdering_date;
  std::optional<ComplaintResult> result;
  std::optional<Date> result_date;
  std::string note;
  std::string created_at;
  std::string updated_at;
  int64_t version = 0;

  // Sent after the deadline (nullopt when not sent or no deadline).
  std::optional<bool> late() const {
    if (!sent || !deadline) return std::nullopt;
    return *sent > *deadline;
  }
  bool decided() const;   // a result on the merits: stadfaestet, aendret, ophaevet, hjemvist
  bool reversed() const;  // aendret, ophaevet, hjemvist
};

struct ComplaintInput {
  std::string department;
  std::string area;
  std::string body;
  std::string decision_date;
  std::string decision_received;
  std::string sent;
  std::string genvurdering;  // "" = afventer
  std::string genvurdering_date;
  std::string result;        // "" = none yet
  std::string result_date;
  std::string note;
};

// Rules: department known; area in the deadline rules; dates in order (decision ≤ received ≤
// sent ≤ genvurdering ≤ result) and not in the future; a genvurdering other than `afventer`
// needs its date; a result needs its date and a sent complaint. The deadline is computed from
// the area's rule and the date received.
Result<Complaint> validate_complaint(const ComplaintInput& in, const DeadlineRules& rules,
                                     const MunicipalitySettings& settings, const Date& today);
ComplaintInput to_input(const Complaint& c);

}  // namespace bb
