// The annual report and period statistics, built from the store: the store's case aggregates
// (StatsStore::case_figures), recommendations, investigations, activities and complaint
// outcomes, labelled from the message catalogue in Danish (the documents that leave the office)
// or in the page's language. Used by `brobygger report annual`,
// the Årsberetning page and the Statistik page.
#pragma once

#include <string>
#include <utility>

#include "domain/report.h"
#include "render/renderer.h"
#include "store/store.h"

namespace bb {

// The figures for one period, optionally for one department ("" = all). `today` decides which
// recommendations are overdue.
ReportFigures build_figures(Store& store, const render::Messages& messages, const MunicipalitySettings& settings,
                            const StatPeriod& period, const std::string& department, const Date& today,
                            const std::string& lang = "da");

// The figures for `period` (first) and for `previous` (second), built side by side on two
// threads, each on its own read connection: the two halves of every report and statistics view.
std::pair<ReportFigures, ReportFigures> build_figures_with_previous(
    Store& store, const render::Messages& messages, const MunicipalitySettings& settings,
    const StatPeriod& period, const StatPeriod& previous, const std::string& department, const Date& today,
    const std::string& lang = "da");

// The annual report for `year` with the previous year alongside, the foreword and the stories
// marked for inclusion. Exact counts; call published() for anything that leaves the office.
// `questionnaires` label the year's survey results (the built-in ones; the store's own are
// added).
Report build_annual_report(Store& store, const render::Messages& messages, const MunicipalitySettings& settings,
                           int year, const Date& today, const std::vector<Questionnaire>& questionnaires,
                           const std::string& lang = "da");

}  // namespace bb
