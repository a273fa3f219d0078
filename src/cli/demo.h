// Demo and synthetic data: realistic inquiries to a Danish citizen advisor, for `serve --demo`
// (about 300 cases over two years, with journals) and `generate --cases N` (tests and
// benchmarks). Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/clock.h"
#include "domain/journal.h"
#include "domain/settings.h"
#include "store/store.h"

namespace bb::cli {

struct DemoJournal {
  JournalKind kind;   // never kStatus
  std::string text;   // Danish
  int day_offset;     // days after the case was received
};

struct DemoCase {
  CaseDraft draft;                    // draft.received set; valid for validate_new_case
  std::vector<DemoJournal> journal;   // in order
  CasePatch final_patch;              // applied last: status, outcome, consent, referral, …
  int close_day_offset = 0;           // when final_patch is applied, days after received
  int assignee_index = -1;            // index into the advisor list, -1 = unassigned
};

struct DemoOptions {
  int count = 300;
  uint32_t seed = 1;
  Date today;                 // cases are received within the two years before today
  int years = 2;
  bool with_journal = true;   // false for fast bulk generation
};

// Pure: builds the cases without touching a store.
std::vector<DemoCase> make_demo_cases(const DemoOptions& options, const MunicipalitySettings& settings);

// Writes the cases through the store's normal interfaces (so numbers, journal and audit are
// real). `clock` is the clock the store was opened with; it is moved to each event's time so
// timestamps look lived-in. Returns the number of cases written.
int load_demo_cases(Store& store, FixedClock& clock, const std::vector<DemoCase>& cases,
                    const MunicipalitySettings& settings, const std::vector<User>& advisors);

}  // namespace bb::cli
