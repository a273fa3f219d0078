// The annual report (årsberetning) and period statistics.
//
// ReportFigures are the counts for one period (a year for the annual report, any period for
// the statistics page), computed by the store as SQL aggregates (StatsStore::figures) plus the
// duration statistics computed here from (received, event) date pairs. A Report is the figures
// for the period and for the one before, with the office's texts (foreword, case stories).
//
// Publishing: published() replaces counts from 1 to threshold−1 ("< 5") and withholds their
// percentages, so nobody in a small municipality can be recognised; the internal view keeps
// exact counts. Every count in the report is a Cell, so every output (HTML, PDF, XLSX, CSV,
// JSON) applies the same rule the same way.
//
// Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/stat_period.h"
#include "domain/survey.h"

namespace bb {

// A count as shown: exact, or suppressed (1 ≤ n < threshold when published; n is then 0 so no
// output can leak it).
struct Cell {
  int64_t n = 0;
  bool suppressed = false;
  // "12", "0" or "< 5".
  std::string text(int threshold) const {
    return suppressed ? "< " + std::to_string(threshold) : std::to_string(n);
  }
};

// One row of a table: a code or name, its Danish label and its count.
struct Row {
  std::string key;    // code ("forstaa"), month ("2024-03"), department name, …
  std::string label;  // Danish label (filled in by the caller from the catalogue)
  Cell count;
};

struct Table {
  std::string id;       // "by_month", "by_channel", … (stable; JSON keys and sheet names)
  std::string title;    // Danish
  std::vector<Row> rows;
  bool chart = true;    // drawn as a bar chart as well as a table
};

struct DurationStats {
  int64_t cases = 0;           // cases with the event (first response given / closed)
  double median = 0;           // working days
  double p90 = 0;              // working days, nearest-rank
  int64_t within_target = 0;   // first response only: within the office's target
  double within_target_pct = 0;
  // Set by published(): fewer than `threshold` cases (every figure above is then 0 and the
  // outputs show the cases as "< 5"), or only the within-target count is below it (it and its
  // percentage are then 0 and the outputs show "< 5" and no percentage).
  bool suppressed = false;
  bool within_suppressed = false;
};

// The median and nearest-rank 90th percentile of working-day durations; within counts those
// ≤ target (target < 0: not counted).
DurationStats duration_stats(std::vector<int> working_days, int target);

struct RecommendationLine {
  std::string number;
  std::string title;
  std::vector<std::string> departments;
  std::string status;  // code
  bool overdue = false;
};

struct InvestigationLine {
  std::string number;
  std::string topic;
  std::string status;  // code
};

struct ActivityTotals {
  std::string kind;  // code
  int64_t count = 0;
  int64_t participants = 0;
  int64_t minutes = 0;
};

struct Story {
  int64_t id = 0;
  int year = 0;
  std::string title;
  std::string text;  // anonymised by the advisor
  std::optional<int64_t> case_id;
  bool include = true;
  std::string updated_at;
  int64_t version = 0;
};

// Everything counted for one period (and optionally one department).
struct ReportFigures {
  StatPeriod period;
  std::string department;  // "" = all
  Cell cases_total;
  Table by_month, by_channel, by_reason, by_department, by_outcome, by_theme;
  Cell rejected;           // outcome afvist
  Table rejection_reasons; // afvist cases by reason text (as written), most frequent first
  DurationStats first_response;
  DurationStats closing;
  int first_response_target = 10;  // working days (the office's setting)
  Cell criticism_cases;            // cases with outcome kritik or a theme with criticism
  Table criticism_by_department;
  Cell recommendations_issued;
  Table recommendations_by_status;
  Table overdue_by_department;     // recommendations awaiting a response after the due date
  std::vector<RecommendationLine> recommendations;
  std::vector<InvestigationLine> investigations;
  std::vector<ActivityTotals> activities;
  Cell complaints_decided;
  Cell complaints_reversed;
};

struct Report {
  int year = 0;
  std::string municipality;
  std::string office_name;
  std::string foreword;
  ReportFigures current;
  ReportFigures previous;
  std::vector<Story> stories;  // included ones, in order
  // The year's satisfaction survey answers, per questionnaire group (empty when none). In the
  // published version, groups with fewer respondents than the threshold are left out and named
  // in survey_withheld.
  std::vector<GroupResult> survey;
  std::vector<std::string> survey_withheld;
  bool published = false;
  int threshold = 5;
};

// The published version: every Cell with 1 ≤ n < threshold suppressed ("< 5"); rows keep their
// order. Durations of fewer than `threshold` cases are withheld (cases shown as "< 5", median
// and percentiles 0); a within-target count below it is shown as "< 5" without its percentage.
Report published(Report r);

// The tables of a figures set in report order (for HTML, PDF, XLSX and CSV).
std::vector<const Table*> tables(const ReportFigures& f);

// Percentage a of b, one decimal; nullopt when b is 0 or either is suppressed.
std::optional<double> percent(const Cell& a, const Cell& b);
// Change from previous to current in percent; nullopt when previous is 0 or either is suppressed.
std::optional<double> change_percent(const Cell& current, const Cell& previous);

// The JSON of the issue: {"year":2024,"cases_total":…,"by_month":{"2024-01":…},…,
// "previous_year":{…}}. Suppressed counts are the string "< 5".
nlohmann::json report_json(const Report& r);
// The same figures for any period (statistics page / API): no year, "period" instead.
// Suppressed counts are the string "< threshold" (pass the office's setting).
nlohmann::json figures_json(const ReportFigures& f, int threshold = 5);

// CSV (RFC 4180, UTF-8, CRLF): one line per table row: table,key,label,count,previous.
std::string report_csv(const Report& r);

}  // namespace bb
