// Survey results as data for the HTML templates (_survey_results.mustache): per group the
// respondents, a stacked Likert chart (inline SVG, render/survey_chart.h) and every question's
// counts and percentages as a table (so nothing is only in the chart), multiple-choice tables,
// the breakdown with small groups hidden, approved quotes and the method note. Used by the
// survey results page, `brobygger survey report --format html` and the network report.
// Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/survey.h"
#include "render/renderer.h"

namespace bb::render {

nlohmann::json survey_view(const SurveyResults& r, const Messages& m, const std::string& lang);

}  // namespace bb::render
