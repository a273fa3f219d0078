// Surveys as the pages and the CLI use them: the questionnaires (built-in from
// data/questionnaires.json plus the advisor's own), results with breakdowns and approved
// quotes, the municipality's export to the national network, and the network report that
// merges any number of exports.
//
// The export holds counts only (SurveyTally), the approved quotes with their group, the
// office's published case statistics for a year (annual report figures with small counts
// suppressed) and the case stories and recommendations the advisor marked for sharing. Counts
// are exact per municipality, so merged exports give the same national figures as all the
// answers in one database; the network report never shows a municipality (or one of its
// questionnaire groups) with fewer respondents than the threshold on its own.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "domain/survey.h"
#include "render/renderer.h"
#include "store/store.h"

namespace bb {

// data/questionnaires.json in `data_dir`; throws std::runtime_error naming the problem.
std::vector<Questionnaire> load_builtin_questionnaires(const std::string& data_dir);

// The built-in questionnaires first, then the custom ones.
std::vector<Questionnaire> all_questionnaires(Store& store, const std::vector<Questionnaire>& builtin);
const Questionnaire* find_questionnaire(const std::vector<Questionnaire>& all, const std::string& code);

SurveyLabels survey_labels(std::vector<Questionnaire> questionnaires, const render::Messages& m,
                           const std::string& lang);

// Results for the filter, with a breakdown by "" | municipality | survey | year.
SurveyResults survey_report(Store& store, const std::vector<Questionnaire>& all, const render::Messages& m,
                            const SurveyFilter& filter, const std::string& by, int threshold,
                            const std::string& lang = "da");

// Approved comments as quotes (for one survey, or all).
std::vector<Quote> approved_quotes(Store& store, std::optional<int64_t> survey_id);

// --- the national network ------------------------------------------------------------------

inline constexpr const char* kNetworkFormat = "brobygger-network-export";
inline constexpr int kNetworkVersion = 1;

// The office's export as JSON text. `year`: the year of the case statistics (and of the
// survey answers counted); 0 = all survey answers and last year's case statistics.
std::string network_export(Store& store, const std::vector<Questionnaire>& builtin, const render::Messages& m,
                           const MunicipalitySettings& settings, int year, const Date& today);

struct NetworkMunicipality {
  std::string name;
  int64_t respondents = 0;  // 0 in outputs when suppressed
  bool suppressed = false;
};

// One office's figure in a comparison: share of its cases in a category.
struct OfficeShare {
  std::string municipality;
  int64_t count = 0;
  int64_t total = 0;
  double percent = 0;
};
struct CaseComparison {
  std::string category;  // "by_reason", "by_outcome", "by_channel"
  std::string code;
  std::string label;
  std::vector<OfficeShare> ranked;       // highest share first
  std::vector<std::string> not_ranked;   // offices below the threshold in this category
};

struct SharedItem {
  std::string municipality;
  std::string kind;   // story, recommendation
  std::string title;
  std::string text;
  std::vector<std::string> themes;       // theme labels
  std::vector<std::string> departments;
};

struct NetworkReport {
  SurveyResults results;  // national totals, with by = "municipality"
  std::vector<NetworkMunicipality> municipalities;
  int year = 0;
  std::vector<CaseComparison> comparisons;
  std::vector<SharedItem> shared;
};

// Merges exports (file name, JSON text). Throws std::runtime_error naming the file and the
// problem (not an export, another version, the same municipality twice, bad counts).
NetworkReport merge_network_exports(const std::vector<std::pair<std::string, std::string>>& exports,
                                    const std::vector<Questionnaire>& builtin, const render::Messages& m,
                                    int threshold);

std::string network_report_json(const NetworkReport& r);
// Data for survey_document.mustache: the results (render/survey_html.h) plus the
// municipalities, the case-statistics comparison and the shared stories and recommendations.
nlohmann::json network_view(const NetworkReport& r, const render::Messages& m);

}  // namespace bb
