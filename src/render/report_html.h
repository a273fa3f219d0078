// The annual report and statistics as data for the HTML templates (_report_body.mustache):
// key figures with the previous period and the change, each table with its chart (inline SVG,
// render/chart.h) and the same numbers as a table for screen readers, recommendations,
// investigations, teaching and the case stories. Used by the Årsberetning and Statistik pages
// and by `brobygger report annual --format html`. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/report.h"
#include "render/renderer.h"

namespace bb::render {

// Labels in `lang`; the office's own texts (foreword, stories, titles, theme names), which are
// written in Danish, carry "data_lang": "da" on pages in another language.
nlohmann::json report_view(const Report& r, const Messages& m, const std::string& lang = "da");

}  // namespace bb::render
