#include "domain/report.h"

#include <algorithm>
#include <cmath>

#include "domain/csv.h"

namespace bb {
namespace {

using nlohmann::json;

void suppress(Cell& c, int threshold) {
  if (c.n >= 1 && c.n < threshold) {
    c.n = 0;
    c.suppressed = true;
  }
}

void suppress(Table& t, int threshold) {
  for (auto& row : t.rows) suppress(row.count, threshold);
}

void suppress(DurationStats& d, int threshold) {
  if (d.cases >= 1 && d.cases < threshold) {
    d = DurationStats{};
    d.suppressed = true;
  } else if (d.within_target >= 1 && d.within_target < threshold) {
    d.within_target = 0;
    d.within_target_pct = 0;
    d.within_suppressed = true;
  }
}

void suppress(ReportFigures& f, int threshold) {
  suppress(f.cases_total, threshold);
  suppress(f.rejected, threshold);
  suppress(f.criticism_cases, threshold);
  suppress(f.recommendations_issued, threshold);
  suppress(f.complaints_decided, threshold);
  suppress(f.complaints_reversed, threshold);
  for (Table* t : {&f.by_month, &f.by_channel, &f.by_reason, &f.by_department, &f.by_outcome, &f.by_theme,
                   &f.rejection_reasons, &f.criticism_by_department, &f.recommendations_by_status,
                   &f.overdue_by_department}) {
    suppress(*t, threshold);
  }
  // Free-text rejection reasons are published only as the count of each; a reason given for
  // fewer than `threshold` cases could name the citizen, so its text is withheld too.
  auto& rows = f.rejection_reasons.rows;
  rows.erase(std::remove_if(rows.begin(), rows.end(), [](const Row& r) { return r.count.suppressed; }), rows.end());
  suppress(f.first_response, threshold);
  suppress(f.closing, threshold);
  // Teaching and sparring are not about citizens: their counts are published as they are.
}

json cell_json(const Cell& c, int threshold) { return c.suppressed ? json(c.text(threshold)) : json(c.n); }

json table_json(const Table& t, int threshold) {
  json out = json::object();
  for (const auto& r : t.rows) out[r.key] = cell_json(r.count, threshold);
  return out;
}

// Withheld durations: cases "< 5" and the other figures 0; a withheld within-target count is
// "< 5" with the percentage null.
json duration_json(const DurationStats& d, bool with_target, int threshold) {
  const std::string hidden = Cell{0, true}.text(threshold);
  json j = {{"cases", d.suppressed ? json(hidden) : json(d.cases)},
            {"median_working_days", d.median},
            {"p90_working_days", d.p90}};
  if (with_target) {
    j["within_target"] = d.within_suppressed && !d.suppressed ? json(hidden) : json(d.within_target);
    j["within_target_pct"] = d.within_suppressed && !d.suppressed ? json(nullptr) : json(d.within_target_pct);
  }
  return j;
}

json figures_body(const ReportFigures& f, int threshold) {
  json recs = json::array();
  for (const auto& r : f.recommendations) {
    recs.push_back({{"number", r.number}, {"title", r.title}, {"departments", r.departments}, {"status", r.status},
                    {"overdue", r.overdue}});
  }
  json invs = json::array();
  for (const auto& i : f.investigations) invs.push_back({{"number", i.number}, {"topic", i.topic}, {"status", i.status}});
  json acts = json::object();
  for (const auto& a : f.activities) {
    acts[a.kind] = {{"count", a.count}, {"participants", a.participants},
                    {"hours", std::round(static_cast<double>(a.minutes) / 60.0 * 100) / 100}};
  }
  return {{"cases_total", cell_json(f.cases_total, threshold)},
          {"by_month", table_json(f.by_month, threshold)},
          {"by_channel", table_json(f.by_channel, threshold)},
          {"by_reason", table_json(f.by_reason, threshold)},
          {"by_department", table_json(f.by_department, threshold)},
          {"by_outcome", table_json(f.by_outcome, threshold)},
          {"by_theme", table_json(f.by_theme, threshold)},
          {"rejected", {{"total", cell_json(f.rejected, threshold)}, {"by_reason", table_json(f.rejection_reasons, threshold)}}},
          {"first_response", duration_json(f.first_response, true, threshold)},
          {"first_response_target_working_days", f.first_response_target},
          {"closing", duration_json(f.closing, false, threshold)},
          {"criticism", {{"cases", cell_json(f.criticism_cases, threshold)},
                         {"by_department", table_json(f.criticism_by_department, threshold)}}},
          {"recommendations", {{"issued", cell_json(f.recommendations_issued, threshold)},
                               {"by_status", table_json(f.recommendations_by_status, threshold)},
                               {"overdue_by_department", table_json(f.overdue_by_department, threshold)},
                               {"items", recs}}},
          {"investigations", invs},
          {"activities", acts},
          {"complaints", {{"decided", cell_json(f.complaints_decided, threshold)},
                          {"reversed", cell_json(f.complaints_reversed, threshold)}}}};
}

}  // namespace

DurationStats duration_stats(std::vector<int> days, int target) {
  DurationStats d;
  d.cases = static_cast<int64_t>(days.size());
  if (days.empty()) return d;
  std::sort(days.begin(), days.end());
  const size_t n = days.size();
  d.median = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
  // Nearest rank: the smallest value with at least 90 % of the values at or below it.
  const size_t rank = static_cast<size_t>(std::ceil(0.9 * static_cast<double>(n)));
  d.p90 = days[std::max<size_t>(rank, 1) - 1];
  if (target >= 0) {
    d.within_target = std::count_if(days.begin(), days.end(), [&](int v) { return v <= target; });
    d.within_target_pct = percent_one_decimal(d.within_target, static_cast<int64_t>(n));
  }
  return d;
}

Report published(Report r) {
  r.published = true;
  suppress(r.current, r.threshold);
  suppress(r.previous, r.threshold);
  std::vector<GroupResult> shown;
  for (auto& g : r.survey) {
    if (g.respondents >= r.threshold) {
      shown.push_back(std::move(g));
    } else {
      r.survey_withheld.push_back(g.title);
    }
  }
  r.survey = std::move(shown);
  return r;
}

std::vector<const Table*> tables(const ReportFigures& f) {
  return {&f.by_month,          &f.by_channel,          &f.by_reason,
          &f.by_department,     &f.by_outcome,          &f.by_theme,
          &f.rejection_reasons, &f.criticism_by_department, &f.recommendations_by_status,
          &f.overdue_by_department};
}

std::optional<double> percent(const Cell& a, const Cell& b) {
  if (a.suppressed || b.suppressed || b.n == 0) return std::nullopt;
  return percent_one_decimal(a.n, b.n);
}

std::optional<double> change_percent(const Cell& current, const Cell& previous) {
  if (current.suppressed || previous.suppressed || previous.n == 0) return std::nullopt;
  return percent_one_decimal(current.n - previous.n, previous.n);
}

json report_json(const Report& r) {
  json j = figures_body(r.current, r.threshold);
  j["year"] = r.year;
  j["municipality"] = r.municipality;
  j["published"] = r.published;
  if (r.published) j["small_count_threshold"] = r.threshold;
  json prev = figures_body(r.previous, r.threshold);
  prev["year"] = r.year - 1;
  j["previous_year"] = prev;
  json stories = json::array();
  for (const auto& s : r.stories) stories.push_back({{"title", s.title}, {"text", s.text}});
  j["stories"] = stories;
  j["foreword"] = r.foreword;
  // Survey results when there are any: per group the respondents and each question's answered
  // count and agreeing share (the full counts are in `brobygger survey report`).
  json groups = json::array();
  for (const auto& g : r.survey) {
    json questions = json::array();
    for (const auto& q : g.questions) {
      json jq = {{"id", q.id}, {"text", q.text}, {"answered", q.answered}};
      if (q.agree_percent) jq["agree_percent"] = *q.agree_percent;
      questions.push_back(std::move(jq));
    }
    groups.push_back({{"group", g.group}, {"title", g.title}, {"respondents", g.respondents}, {"questions", questions}});
  }
  j["survey"] = {{"groups", groups}, {"withheld", r.survey_withheld}};
  return j;
}

json figures_json(const ReportFigures& f, int threshold) {
  json j = figures_body(f, threshold);
  j["period"] = f.period.label;
  j["from"] = f.period.from.iso();
  j["to"] = f.period.to.iso();
  j["department"] = f.department.empty() ? json(nullptr) : json(f.department);
  return j;
}

std::string report_csv(const Report& r) {
  std::string out = "table,key,label,count,previous\r\n";
  auto line = [&](const std::string& table, const std::string& key, const std::string& label, const Cell& now,
                  const Cell* before) {
    out += csv_field(table) + "," + csv_field(key) + "," + csv_field(label) + "," + csv_field(now.text(r.threshold)) +
           "," + (before ? csv_field(before->text(r.threshold)) : std::string()) + "\r\n";
  };
  line("cases_total", "cases_total", "", r.current.cases_total, &r.previous.cases_total);
  const auto now = tables(r.current);
  const auto before = tables(r.previous);
  for (size_t i = 0; i < now.size(); ++i) {
    for (const auto& row : now[i]->rows) {
      const Cell* prev = nullptr;
      for (const auto& p : before[i]->rows) {
        if (p.key == row.key) prev = &p.count;
      }
      // Months are compared with the same month of the previous year.
      if (now[i]->id == "by_month" && row.key.size() == 7) {
        const std::string key = std::to_string(std::stoi(row.key.substr(0, 4)) - 1) + row.key.substr(4);
        for (const auto& p : before[i]->rows) {
          if (p.key == key) prev = &p.count;
        }
      }
      line(now[i]->id, row.key, row.label, row.count, prev);
    }
  }
  line("rejected", "rejected", "", r.current.rejected, &r.previous.rejected);
  line("criticism", "criticism_cases", "", r.current.criticism_cases, &r.previous.criticism_cases);
  line("recommendations", "issued", "", r.current.recommendations_issued, &r.previous.recommendations_issued);
  line("complaints", "decided", "", r.current.complaints_decided, &r.previous.complaints_decided);
  line("complaints", "reversed", "", r.current.complaints_reversed, &r.previous.complaints_reversed);
  return out;
}

}  // namespace bb
