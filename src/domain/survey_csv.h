// CSV import of survey answers (paper questionnaires typed in elsewhere, other tools).
//
// UTF-8, RFC 4180, comma-separated, a header row: respondent_id,group,municipality, then
// question ids. `group` is the questionnaire ("borger", "ansat" or a custom one); Likert cells
// are the codes 0–5; multiple choice is codes separated by ";"; an empty cell is "not answered".
// Every problem is reported with its line and reason, and the caller stores nothing unless the
// whole file is valid. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/survey.h"

namespace bb {

struct CsvImportProblem {
  int line = 0;
  std::string column;   // header name, or "" for the whole line
  std::string message;  // message key ("survey.csv.…", "survey.likert_invalid", …)
};

struct SurveyCsvImport {
  std::vector<Response> responses;          // empty unless problems is empty
  std::vector<int> lines;                   // the line of each response
  std::vector<CsvImportProblem> problems;   // in line order; at most kMaxProblems
};

inline constexpr size_t kMaxCsvProblems = 100;
inline constexpr size_t kMaxCsvRows = 200000;

// `answered_on` is the day recorded for every imported response (the day the answers were
// given, by default the import day). With `only_group`, every row must be of that questionnaire
// (the survey the answers are imported into). A broken CSV record (an unclosed quote) ends the
// reading, and the rows before it are still checked and reported.
SurveyCsvImport parse_survey_csv(std::string_view text, const std::vector<Questionnaire>& questionnaires,
                                 const Date& answered_on, const std::string& only_group = "");

// The lines of the responses an import refused because they were stored before: the store names
// each by `field_of(response)` in the error's fields (see SurveyStore::import).
template <typename FieldOf>
std::vector<CsvImportProblem> refused_lines(const SurveyCsvImport& parsed, const Error& e, FieldOf field_of) {
  std::vector<CsvImportProblem> out;
  for (size_t i = 0; i < parsed.responses.size(); ++i) {
    auto it = e.fields.find(field_of(parsed.responses[i]));
    if (it != e.fields.end()) out.push_back({parsed.lines[i], "respondent_id", it->second});
  }
  return out;
}

}  // namespace bb
