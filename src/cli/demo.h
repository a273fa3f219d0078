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

// Bulk loading for `generate`: each case in its final state (the final patch applied, the first
// response dated by its first outgoing note), its notes and, for about a third of the cases,
// one or two themes tied to one of its departments, written `batch` cases per commit through
// CaseStore::create_many. Timestamps are the clock's (not replayed). Returns the number written;
// stops at the first batch the store refuses.
int bulk_load_cases(Store& store, const std::vector<DemoCase>& cases, const MunicipalitySettings& settings,
                    const std::vector<User>& advisors, uint32_t seed, size_t batch);

// The departments of `municipalities` offices in one network instance: the settings' own list
// when 1, else "<kommune> · <forvaltning>" for the first N of Denmark's 98 municipalities.
std::vector<std::string> network_departments(const std::vector<std::string>& base, int municipalities);

}  // namespace bb::cli
