// Demo data for the systemic work, added after the demo cases (demo.h): themes on about a
// third of the cases, a planted rise of "partshoering" in Jobcenter in the current quarter so
// the Signaler page has something to show, complaints followed to the end on complaint cases,
// an investigation started from the signal, recommendations in every state (one overdue, one
// partly followed and due for follow-up, one followed) and two years of teaching and sparring.
// Written through the store's normal interfaces, so journals and the audit log are real.
// Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/clock.h"
#include "domain/deadline.h"
#include "domain/settings.h"
#include "store/store.h"

namespace bb::cli {

struct DemoSystemicCounts {
  int themes = 0;
  int complaints = 0;
  int recommendations = 0;
  int investigations = 0;
  int activities = 0;
};

DemoSystemicCounts load_demo_systemic(Store& store, FixedClock& clock, const MunicipalitySettings& settings,
                                      const DeadlineRules& rules, const std::vector<User>& advisors,
                                      const Date& today, uint32_t seed);

}  // namespace bb::cli
