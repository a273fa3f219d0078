// Data protection rules: how long a closed case is kept (retention), and whether a citizen's
// case may be erased on request or must be kept because of the duty to note (notatpligt,
// offentlighedsloven § 13) or to register documents (journaliseringspligt, § 15).
//
// The rules are the office's policy, written down once here so the CLI, the pages and the tests
// agree; docs/SECURITY.md ("Personal data") explains them. Pure functions over value types.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/codes.h"

namespace bb {

inline constexpr int kDefaultRetentionYears = 5;
inline constexpr int kMinRetentionYears = 1;
inline constexpr int kMaxRetentionYears = 30;

// The day `years` years before `today` (29 February falls back to 28 February): a case closed
// before it has been kept for the whole retention period.
Date retention_cutoff(const Date& today, int years);

// True when the case is closed and its closing day lies before the cutoff.
bool retention_due(CaseStatus status, const std::optional<Date>& closed_on, const Date& cutoff);

// What a case holds that the office must keep, as counted by the store.
struct CaseHoldings {
  CaseStatus status = CaseStatus::kNy;
  std::optional<Outcome> outcome;
  std::optional<Date> closed_on;
  int documents = 0;        // attachments, and letters or e-mails received or sent (journal)
  int notes = 0;            // notes of calls, meetings and other information (journal)
  int complaints = 0;       // complaint cases followed on the case
  int systemic_links = 0;   // investigations, recommendations and report stories naming it
  bool anonymised = false;  // already anonymised after the retention period
};

// A name as compared for an access or erasure request: surrounding and repeated spaces
// dropped, ASCII and Latin-1 letters (Æ, Ø, Å, É, Ü, …) in lower case.
std::string fold_name(std::string_view name);

// The ways a name is usually written in free text, for finding where a person is mentioned:
// as typed (trimmed), lower case, "Title Case" and UPPER CASE (ASCII and Latin-1 letters).
// Distinct, in that order.
std::vector<std::string> name_spellings(std::string_view name);

// Why a case may not be erased; the codes are message keys under "privacy." in messages/.
enum class ErasureHold {
  kDocuments,  // journaliseringspligt: documents received or sent in the case
  kNotes,      // notatpligt: notes of information the office received about the case
  kHandled,    // the case was handled and closed with an outcome (journaliseringspligt)
  kLinked,     // part of a complaint, an investigation, a recommendation or the annual report
};

std::string hold_code(ErasureHold hold);  // "documents", "notes", "handled", "linked"

struct ErasureDecision {
  bool allowed = false;
  std::vector<ErasureHold> holds;  // empty when allowed
  // When the case is kept: the day its retention period ends (closed cases), else nullopt
  // (an open case is kept at least until it is closed and the period has run).
  std::optional<Date> kept_until;
};

// Erasure is allowed when nothing binds the case: no documents, no notes, no outcome and no
// links (e.g. an inquiry registered by mistake or twice), or when the retention period has run
// out, or the case was already anonymised. Otherwise it is refused with every reason that holds.
ErasureDecision decide_erasure(const CaseHoldings& h, const Date& today, int retention_years);

}  // namespace bb
