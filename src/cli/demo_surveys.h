// Demo data for the satisfaction surveys: a year-round citizen survey with answers from last
// year and this year (web and paper), an employee survey with one-time codes and answers, and
// comments of which some are approved. Answers lean positive, as the national survey's did.
// Written through the store's normal interfaces. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/settings.h"
#include "domain/survey.h"
#include "store/store.h"

namespace bb::cli {

// Returns the number of responses stored.
int load_demo_surveys(Store& store, const MunicipalitySettings& settings, const std::vector<Questionnaire>& builtin,
                      const Date& today, uint32_t seed);

}  // namespace bb::cli
