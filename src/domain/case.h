// The case (sag): one inquiry from a citizen, its life cycle and the rules it obeys.
//
// validate_new_case() turns raw input into a Case; apply_patch() is the only way a case
// changes and enforces the office's rules: closing needs an outcome; `afvist` needs a reason
// and a referral; contacting the department (`afventer_forvaltning`) needs recorded consent;
// a closed case reopens only with a journal note. Pure functions over value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/codes.h"
#include "domain/result.h"
#include "domain/settings.h"

namespace bb {

struct Citizen {
  std::string name;
  std::string address;
  std::string phone;
  std::string email;
  std::string cpr;                // digits only ("1403721234") or empty
  std::string preferred_contact;  // a Channel code or empty
  std::string needs;              // e.g. "tolk (arabisk)", "læser ikke Digital Post"

  friend bool operator==(const Citizen&, const Citizen&) = default;
};

struct Consent {
  ConsentState state = ConsentState::kNone;
  std::optional<Date> date;
  ConsentForm form = ConsentForm::kOral;
};

struct Case {
  int64_t id = 0;
  std::string number;  // "2024-0042", assigned by the store
  Date received;
  Channel channel = Channel::kTelefon;
  std::vector<Reason> reasons;
  std::vector<std::string> departments;
  std::string summary;
  Citizen citizen;
  std::optional<int64_t> assignee_id;
  CaseStatus status = CaseStatus::kNy;
  std::optional<Outcome> outcome;
  std::string rejection_reason;  // required with outcome afvist
  std::string referral;          // where the citizen was referred, with afvist
  Consent consent;
  Date first_response_due;
  std::optional<Date> first_response_on;
  std::optional<Date> closed_on;
  int minutes_spent = 0;
  std::string created_at;  // UTC ISO 8601, set by the store
  std::string updated_at;
  int64_t version = 0;     // bumped by every update; used for optimistic concurrency

  bool is_open() const { return status != CaseStatus::kAfsluttet; }
};

// Raw input for a new case, as typed into a form or sent to the API: strings are checked here
// so every problem is reported against its field.
struct CaseDraft {
  std::string received;  // ISO date; empty = today
  std::string channel;
  std::vector<std::string> reasons;
  std::vector<std::string> departments;
  std::string summary;
  Citizen citizen;       // cpr may be typed with or without the dash
  std::optional<int64_t> assignee_id;
  std::string consent;       // "", "given"
  std::string consent_form;  // "oral" / "written"
};

Result<Case> validate_new_case(const CaseDraft& draft, const MunicipalitySettings& settings,
                               const Date& today);

// A partial update; absent members are left as they are.
struct CasePatch {
  std::optional<std::string> status;
  std::optional<std::string> outcome;  // "" clears
  std::optional<std::vector<std::string>> reasons;
  std::optional<std::vector<std::string>> departments;
  std::optional<std::optional<int64_t>> assignee_id;
  std::optional<std::string> consent;       // "given" / "withdrawn" / "none"
  std::optional<std::string> consent_form;  // "oral" / "written"
  std::optional<std::string> consent_date;  // ISO; default today when consent changes
  std::optional<std::string> rejection_reason;
  std::optional<std::string> referral;
  std::optional<std::string> summary;
  std::optional<std::string> first_response_on;  // ISO date
  std::optional<int> add_minutes;
  std::optional<Citizen> citizen;
  std::string reopen_note;  // required to reopen a closed case
};

// Journal entries a change gives rise to, written together with the case.
struct PendingJournal {
  JournalKind kind;
  std::string text;
};

struct CaseUpdate {
  Case updated;
  std::vector<PendingJournal> journal;
  bool changed = false;
};

Result<CaseUpdate> apply_patch(const Case& current, const CasePatch& patch,
                               const MunicipalitySettings& settings, const Date& today,
                               bool may_criticise);

// Outgoing contact counts as the first response to the citizen.
bool counts_as_response(JournalKind kind);

// Limits on free text, shared by forms and API.
inline constexpr size_t kMaxSummary = 20000;
inline constexpr size_t kMaxJournalText = 100000;
inline constexpr size_t kMaxShortText = 500;

// Basic shape check of an e-mail address (one @, a dot in the domain, no spaces).
bool plausible_email(const std::string& email);

}  // namespace bb
