#include "domain/survey_csv.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "domain/csv.h"

namespace bb {
namespace {

std::string trim_spaces(std::string code) {
  while (!code.empty() && code.front() == ' ') code.erase(code.begin());
  while (!code.empty() && code.back() == ' ') code.pop_back();
  return code;
}

std::vector<std::string> split_codes(const std::string& cell) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t end = cell.find(';', start);
    if (end == std::string::npos) end = cell.size();
    // Spaces around codes are a typing habit, not part of the code.
    out.push_back(trim_spaces(cell.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

}  // namespace

SurveyCsvImport parse_survey_csv(std::string_view text, const std::vector<Questionnaire>& questionnaires,
                                 const Date& answered_on, const std::string& only_group) {
  SurveyCsvImport out;
  auto problem = [&](int line, std::string column, std::string message) {
    if (out.problems.size() < kMaxCsvProblems) out.problems.push_back({line, std::move(column), std::move(message)});
  };
  // A broken record ends the reading; the records before it are still checked, so one run
  // names every problem up to there.
  const CsvParse csv = parse_csv(text);
  auto finish = [&] {
    if (csv.problem) problem(csv.problem->first, "", csv.problem->second);
    std::stable_sort(out.problems.begin(), out.problems.end(),
                     [](const CsvImportProblem& a, const CsvImportProblem& b) { return a.line < b.line; });
    if (!out.problems.empty()) {
      out.responses.clear();
      out.lines.clear();
    }
    return out;
  };
  if (csv.records.empty()) {
    if (csv.problem) return finish();
    problem(1, "", "survey.csv.empty");
    return out;
  }
  const CsvRecord& header = csv.records.front();
  const std::vector<std::string>& cols = header.fields;
  if (cols.size() < 3 || cols[0] != "respondent_id" || cols[1] != "group" || cols[2] != "municipality") {
    problem(header.line, "", "survey.csv.header_start");
    return out;
  }
  // Every question column must belong to at least one questionnaire, once.
  std::set<std::string> seen_cols;
  for (size_t c = 3; c < cols.size(); ++c) {
    bool known = false;
    for (const auto& q : questionnaires) known = known || q.question(cols[c]) != nullptr;
    if (!known) problem(header.line, cols[c], "survey.csv.unknown_question");
    if (!seen_cols.insert(cols[c]).second) problem(header.line, cols[c], "survey.csv.duplicate_column");
  }
  if (!out.problems.empty()) return finish();
  if (csv.records.size() - 1 > kMaxCsvRows) {
    problem(header.line, "", "survey.csv.too_many_rows");
    return out;
  }

  std::set<std::tuple<std::string, std::string, std::string>> ids;  // municipality, group, id
  std::vector<Response> responses;
  std::vector<int> lines;
  for (size_t r = 1; r < csv.records.size(); ++r) {
    const CsvRecord& rec = csv.records[r];
    if (rec.fields.size() != cols.size()) {
      problem(rec.line, "", "survey.csv.column_count");
      continue;
    }
    const std::string& id = rec.fields[0];
    const std::string& group = rec.fields[1];
    const std::string& municipality = rec.fields[2];
    bool ok = true;
    if (id.empty()) {
      problem(rec.line, "respondent_id", "field.required");
      ok = false;
    } else if (id.size() > 100) {
      problem(rec.line, "respondent_id", "field.too_long");
      ok = false;
    }
    if (municipality.empty()) {
      problem(rec.line, "municipality", "field.required");
      ok = false;
    } else if (municipality.size() > 100) {
      problem(rec.line, "municipality", "field.too_long");
      ok = false;
    }
    const Questionnaire* q = nullptr;
    for (const auto& candidate : questionnaires) {
      if (candidate.code == group) q = &candidate;
    }
    if (!q) {
      problem(rec.line, "group", "survey.csv.unknown_group");
      continue;
    }
    if (!only_group.empty() && group != only_group) {
      problem(rec.line, "group", "survey.csv.not_survey_group");
      continue;
    }
    if (ok && !ids.insert({municipality, group, id}).second) {
      problem(rec.line, "respondent_id", "survey.csv.duplicate_respondent");
      ok = false;
    }
    std::map<std::string, std::vector<std::string>> given;
    for (size_t c = 3; c < cols.size(); ++c) {
      const std::string& cell = rec.fields[c];
      if (cell.empty()) continue;
      const Question* x = q->question(cols[c]);
      if (!x) {
        problem(rec.line, cols[c], "survey.csv.not_in_group");
        ok = false;
        continue;
      }
      // Codes may carry spaces from typing ("5 ", "klage; forstaa"); comments are kept as written.
      if (x->type == QuestionType::kMulti) {
        given[cols[c]] = split_codes(cell);
      } else if (x->type == QuestionType::kText) {
        given[cols[c]] = {cell};
      } else {
        given[cols[c]] = {trim_spaces(cell)};
      }
    }
    auto answers = validate_answers(*q, given);
    if (!answers) {
      for (const auto& [field, key] : answers.error().fields) problem(rec.line, field, key);
      continue;
    }
    if (!ok) continue;
    responses.push_back({group, municipality, answered_on, "import", id, std::move(*answers)});
    lines.push_back(rec.line);
  }
  out.responses = std::move(responses);
  out.lines = std::move(lines);
  return finish();
}

}  // namespace bb
