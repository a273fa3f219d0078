// Moving the systemic records (recommendations, investigations, activities, complaints, case
// themes) between the domain and the outside: JSON for the API and form parameters for the
// pages. Each Input type has one field list (visit_fields) that both JSON and form reading use,
// so a field added to an Input is read everywhere at once.
//
// JSON input: text, dates and codes are strings; ids and counts may be numbers; lists are
// arrays; null clears. Unknown members are refused by name.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "domain/systemic.h"
#include "domain/themes.h"
#include "store/store.h"
#include "web/http.h"

namespace bb::web {

// Overlays the members present in `body` onto `in`; kInvalid naming each bad or unknown member.
Status overlay_json(RecommendationInput& in, const nlohmann::json& body);
Status overlay_json(InvestigationInput& in, const nlohmann::json& body);
Status overlay_json(ActivityInput& in, const nlohmann::json& body);
Status overlay_json(ComplaintInput& in, const nlohmann::json& body);

// Every field from form parameters (absent = empty). Lists come from repeated parameters;
// "case_ids" also accepts ids separated by commas or spaces in one parameter.
RecommendationInput recommendation_from_form(const Params& form);
InvestigationInput investigation_from_form(const Params& form);
ActivityInput activity_from_form(const Params& form);
ComplaintInput complaint_from_form(const Params& form);

nlohmann::json to_json(const Recommendation& r, const Date& today);
nlohmann::json to_json(const Investigation& i);
nlohmann::json to_json(const Activity& a);
nlohmann::json to_json(const Complaint& c);
nlohmann::json to_json(const CaseTheme& t);
nlohmann::json to_json(const HistoryEntry& h);

}  // namespace bb::web
