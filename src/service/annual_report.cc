#include "service/annual_report.h"

#include <algorithm>
#include <future>
#include <tuple>

#include "domain/codes.h"
#include "service/surveys.h"

namespace bb {
namespace {

// The labels of one build: the catalogue and the language they are written in.
struct Labels {
  const render::Messages& m;
  const std::string& lang;
  std::string operator()(const std::string& key) const { return m.text(lang, key); }
};

Cell cell(int64_t n) { return Cell{n, false}; }

int64_t count_of(const std::map<std::string, int64_t>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

Table table(const Labels& label, const char* id, const char* title_key, bool chart = true) {
  Table t;
  t.id = id;
  t.title = label(std::string("report.") + title_key);
  t.chart = chart;
  return t;
}

// Every code of the vocabulary, zeros included, in the vocabulary's order.
template <typename E>
void code_rows(Table& t, const Labels& label, const char* vocabulary, const std::map<std::string, int64_t>& counts) {
  for (E e : all_codes<E>()) {
    const std::string code = to_code(e);
    t.rows.push_back({code, label(std::string(vocabulary) + "." + code), cell(count_of(counts, code))});
  }
}

// Named rows (departments, reason texts), largest first, then by name.
void named_rows(Table& t, std::vector<std::string> names, const std::map<std::string, int64_t>& counts,
                bool drop_zero) {
  for (const auto& [k, _] : counts) {
    if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
  }
  std::vector<Row> rows;
  for (const auto& n : names) {
    const int64_t c = count_of(counts, n);
    if (drop_zero && c == 0) continue;
    rows.push_back({n, n.empty() ? "–" : n, cell(c)});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.count.n > b.count.n; });
  t.rows = std::move(rows);
}

}  // namespace

ReportFigures build_figures(Store& store, const render::Messages& messages, const MunicipalitySettings& settings,
                            const StatPeriod& period, const std::string& department, const Date& today,
                            const std::string& lang) {
  const Labels m{messages, lang};
  ReportFigures f;
  f.period = period;
  f.department = department;
  f.first_response_target = settings.first_response_working_days;
  const CaseFigures c = store.stats().case_figures(period, department);
  f.cases_total = cell(c.cases_total);

  f.by_month = table(m, "by_month", "by_month");
  for (Date d(period.from.year(), period.from.month(), 1); d <= period.to;) {
    char key[16];
    std::snprintf(key, sizeof key, "%04d-%02u", d.year(), d.month());
    // For a year the label is the month alone, so the previous year's same month pairs with it.
    std::string month = m("month." + std::to_string(d.month()));
    if (period.kind != StatPeriod::Kind::kYear) month += " " + std::to_string(d.year());
    f.by_month.rows.push_back({key, month,
                               cell(count_of(c.by_month, key))});
    d = d.month() == 12 ? Date(d.year() + 1, 1, 1) : Date(d.year(), d.month() + 1, 1);
  }
  f.by_channel = table(m, "by_channel", "by_channel");
  code_rows<Channel>(f.by_channel, m, "channel", c.by_channel);
  f.by_reason = table(m, "by_reason", "by_reason");
  code_rows<Reason>(f.by_reason, m, "reason", c.by_reason);
  f.by_department = table(m, "by_department", "by_department");
  named_rows(f.by_department, settings.departments, c.by_department, false);
  f.by_outcome = table(m, "by_outcome", "by_outcome");
  code_rows<Outcome>(f.by_outcome, m, "outcome", c.by_outcome);
  f.by_outcome.rows.push_back({"", m("report.no_outcome"), cell(count_of(c.by_outcome, ""))});
  f.by_theme = table(m, "by_theme", "by_theme");
  for (const auto& t : store.themes().list()) {
    const int64_t n = count_of(c.by_theme, t.code);
    if (t.active || n > 0) f.by_theme.rows.push_back({t.code, render::theme_label(t, messages, lang), cell(n)});
  }
  f.rejected = cell(c.rejected);
  f.rejection_reasons = table(m, "rejection_reasons", "rejection_reasons", false);
  named_rows(f.rejection_reasons, {}, c.rejection_reasons, true);
  f.first_response = duration_stats(c.first_response_days, settings.first_response_working_days);
  f.closing = duration_stats(c.closing_days, -1);
  f.criticism_cases = cell(c.criticism_cases);
  f.criticism_by_department = table(m, "criticism_by_department", "criticism_by_department");
  named_rows(f.criticism_by_department, {}, c.criticism_by_department, true);

  // Recommendations issued in the period (to the department, when filtered).
  RecommendationFilter rf;
  rf.today = today;
  if (!department.empty()) rf.department = department;
  std::map<std::string, int64_t> by_status, overdue;
  int64_t issued = 0;
  for (const auto& r : store.recommendations().list(rf)) {
    if (!period.contains(r.issued)) continue;
    ++issued;
    ++by_status[to_code(r.status)];
    const bool late = r.overdue(today);
    if (late) {
      for (const auto& d : r.departments) ++overdue[d];
    }
    f.recommendations.push_back({r.number, r.title, r.departments, to_code(r.status), late});
  }
  std::reverse(f.recommendations.begin(), f.recommendations.end());  // oldest first
  f.recommendations_issued = cell(issued);
  f.recommendations_by_status = table(m, "recommendations_by_status", "recommendations_by_status");
  code_rows<RecommendationStatus>(f.recommendations_by_status, m, "rec_status", by_status);
  f.overdue_by_department = table(m, "overdue_by_department", "overdue_by_department", false);
  named_rows(f.overdue_by_department, {}, overdue, true);

  InvestigationFilter inf;
  if (!department.empty()) inf.department = department;
  for (const auto& i : store.investigations().list(inf)) {
    if (period.contains(i.started)) f.investigations.push_back({i.number, i.topic, to_code(i.status)});
  }
  std::reverse(f.investigations.begin(), f.investigations.end());

  ActivityFilter af;
  af.from = period.from;
  af.to = period.to;
  if (!department.empty()) af.department = department;
  std::map<ActivityKind, ActivityTotals> acts;
  for (ActivityKind k : all_codes<ActivityKind>()) acts[k].kind = to_code(k);
  for (const auto& a : store.activities().list(af)) {
    auto& t = acts[a.kind];
    ++t.count;
    t.participants += a.participants;
    t.minutes += a.minutes;
  }
  for (auto& [_, t] : acts) f.activities.push_back(t);

  int64_t decided = 0, reversed = 0;
  for (const auto& r : store.complaints().reversal_counts(period)) {
    if (!department.empty() && r.department != department) continue;
    decided += r.decided;
    reversed += r.reversed;
  }
  f.complaints_decided = cell(decided);
  f.complaints_reversed = cell(reversed);
  return f;
}

std::pair<ReportFigures, ReportFigures> build_figures_with_previous(
    Store& store, const render::Messages& m, const MunicipalitySettings& settings, const StatPeriod& period,
    const StatPeriod& previous, const std::string& department, const Date& today, const std::string& lang) {
  // The store's reads are thread-safe; messages and settings are only read.
  auto earlier = std::async(std::launch::async, [&] {
    return build_figures(store, m, settings, previous, department, today, lang);
  });
  ReportFigures current = build_figures(store, m, settings, period, department, today, lang);
  return {std::move(current), earlier.get()};
}

Report build_annual_report(Store& store, const render::Messages& m, const MunicipalitySettings& settings, int year,
                           const Date& today, const std::vector<Questionnaire>& questionnaires,
                           const std::string& lang) {
  Report r;
  r.year = year;
  r.municipality = settings.municipality;
  r.office_name = settings.office_name;
  r.threshold = settings.small_count_threshold;
  r.foreword = store.reports().foreword(year);
  const StatPeriod current{StatPeriod::Kind::kYear, Date(year, 1, 1), Date(year, 12, 31), std::to_string(year)};
  const StatPeriod previous{StatPeriod::Kind::kYear, Date(year - 1, 1, 1), Date(year - 1, 12, 31),
                            std::to_string(year - 1)};
  std::tie(r.current, r.previous) = build_figures_with_previous(store, m, settings, current, previous, "", today, lang);
  for (auto& s : store.reports().stories(year)) {
    if (s.include) r.stories.push_back(std::move(s));
  }
  SurveyFilter answered_in_year;
  answered_in_year.from = current.from;
  answered_in_year.to = current.to;
  r.survey = survey_report(store, all_questionnaires(store, questionnaires), m, answered_in_year, "",
                           settings.small_count_threshold, lang)
                 .groups;
  return r;
}

}  // namespace bb
