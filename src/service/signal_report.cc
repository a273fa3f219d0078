#include "service/signal_report.h"

#include <cmath>
#include <map>
#include <set>

namespace bb {
namespace {

using nlohmann::json;

std::map<std::string, SignalDismissal> dismissals_by_key(Store& store) {
  std::map<std::string, SignalDismissal> out;
  for (auto& d : store.stats().dismissals()) out[d.key] = d;
  return out;
}

int64_t time_size(const TimeSignal& s) { return std::lround(s.current_median * 10); }

// The dismissal that still hides a signal of this size, if any.
std::optional<SignalDismissal> hiding(const std::map<std::string, SignalDismissal>& d,
                                      const std::string& key, int64_t size) {
  auto it = d.find(key);
  if (it == d.end() || size > it->second.observed) return std::nullopt;
  return it->second;
}

double rounded(double v, int digits) {
  const double f = std::pow(10.0, digits);
  return std::round(v * f) / f;
}

// p-values are shown with three significant digits.
double significant(double v) {
  if (v <= 0) return 0;
  const int exp = static_cast<int>(std::floor(std::log10(v)));
  const double f = std::pow(10.0, 2 - exp);
  return std::round(v * f) / f;
}

json case_list(const std::vector<CaseRef>& cases) {
  json out = json::array();
  for (const auto& c : cases) {
    out.push_back({{"id", c.id}, {"number", c.number}, {"received", c.received.iso()}, {"status", to_code(c.status)}});
  }
  return out;
}

json dismissal_json(const std::optional<SignalDismissal>& d) {
  if (!d) return nullptr;
  return {{"observed", d->observed}, {"note", d->note}, {"by", d->by}, {"at", d->at}};
}

}  // namespace

SignalReport build_signal_report(Store& store, const StatPeriod& period, const Actor& actor,
                                 const SignalReportOptions& options) {
  SignalReport r;
  r.period = period;
  r.baseline = previous_periods(period, kBaselinePeriods);
  std::vector<StatPeriod> all{period};
  all.insert(all.end(), r.baseline.begin(), r.baseline.end());

  const ThemeCounts counts = store.stats().theme_counts(all);
  r.inflow = counts.totals[0];
  for (int i = 1; i <= kBaselinePeriods; ++i) r.baseline_inflow += counts.totals[i];
  const auto dismissed = dismissals_by_key(store);

  for (auto& s : detect_theme_signals(counts, options.detection)) {
    SignalReport::ThemeItem item{s, period.label + ":theme:" + s.department + ":" + s.theme, {}, {}};
    item.dismissed = hiding(dismissed, item.key, s.observed);
    if (item.dismissed && !options.include_dismissed) continue;
    if (options.with_cases) item.cases = store.stats().theme_cases(s.department, s.theme, period, actor);
    r.themes.push_back(std::move(item));
  }
  std::set<std::string> time_departments;  // whose cases are shown, fetched together below
  for (auto& s : detect_time_signals(store.stats().durations(all), options.detection)) {
    SignalReport::TimeItem item{s, period.label + ":time:" + s.department + ":" + s.metric, {}, {}};
    item.dismissed = hiding(dismissed, item.key, time_size(s));
    if (item.dismissed && !options.include_dismissed) continue;
    if (options.with_cases) time_departments.insert(s.department);
    r.times.push_back(std::move(item));
  }
  if (!time_departments.empty()) {
    auto cases = store.stats().department_cases(time_departments, period, actor);
    for (auto& item : r.times) {
      if (auto it = cases.find(item.s.department); it != cases.end()) item.cases = it->second;
    }
  }
  r.reversal_table = store.complaints().reversal_counts(period);
  for (const auto& c : store.complaints().reversal_counts(std::nullopt)) {
    r.overall_decided += c.decided;
    r.overall_reversed += c.reversed;
  }
  for (auto& s : detect_reversal_signals(r.reversal_table, r.overall_decided, r.overall_reversed,
                                         options.detection)) {
    SignalReport::ReversalItem item{s, period.label + ":reversal:" + s.department + ":" + s.area, {}};
    item.dismissed = hiding(dismissed, item.key, s.reversed);
    if (item.dismissed && !options.include_dismissed) continue;
    r.reversals.push_back(std::move(item));
  }
  return r;
}

const SignalReport::ThemeItem* find_theme_signal(const SignalReport& r, const std::string& key) {
  for (const auto& t : r.themes) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

const SignalReport::TimeItem* find_time_signal(const SignalReport& r, const std::string& key) {
  for (const auto& t : r.times) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

std::optional<int64_t> signal_size(const SignalReport& r, const std::string& key) {
  if (auto* t = find_theme_signal(r, key)) return t->s.observed;
  if (auto* t = find_time_signal(r, key)) return time_size(t->s);
  for (const auto& v : r.reversals) {
    if (v.key == key) return v.s.reversed;
  }
  return std::nullopt;
}

json signal_report_json(const SignalReport& r, bool with_cases) {
  json themes = json::array();
  for (const auto& t : r.themes) {
    json j = {{"kind", "theme"},
              {"key", t.key},
              {"department", t.s.department},
              {"theme", t.s.theme},
              {"observed", t.s.observed},
              {"expected", rounded(t.s.expected, 2)},
              {"ratio", rounded(t.s.ratio, 2)},
              {"p", significant(t.s.p)},
              {"dismissed", dismissal_json(t.dismissed)}};
    if (with_cases) j["cases"] = case_list(t.cases);
    themes.push_back(std::move(j));
  }
  json times = json::array();
  for (const auto& t : r.times) {
    json j = {{"kind", "time"},
              {"key", t.key},
              {"department", t.s.department},
              {"metric", t.s.metric},
              {"baseline_median", rounded(t.s.baseline_median, 1)},
              {"current_median", rounded(t.s.current_median, 1)},
              {"ratio", rounded(t.s.ratio, 2)},
              {"current_cases", t.s.current_cases},
              {"baseline_cases", t.s.baseline_cases},
              {"dismissed", dismissal_json(t.dismissed)}};
    if (with_cases) j["cases"] = case_list(t.cases);
    times.push_back(std::move(j));
  }
  json reversals = json::array();
  for (const auto& v : r.reversals) {
    reversals.push_back({{"kind", "reversal"},
                         {"key", v.key},
                         {"department", v.s.department},
                         {"area", v.s.area},
                         {"decided", v.s.decided},
                         {"reversed", v.s.reversed},
                         {"rate", rounded(v.s.rate, 3)},
                         {"overall_rate", rounded(v.s.overall_rate, 3)},
                         {"p", significant(v.s.p)},
                         {"dismissed", dismissal_json(v.dismissed)}});
  }
  json table = json::array();
  for (const auto& c : r.reversal_table) {
    table.push_back({{"department", c.department},
                     {"area", c.area},
                     {"decided", c.decided},
                     {"reversed", c.reversed},
                     {"rate", c.decided ? rounded(static_cast<double>(c.reversed) / c.decided, 3) : 0.0}});
  }
  json baseline = json::array();
  for (const auto& p : r.baseline) baseline.push_back(p.label);
  return {{"period", r.period.label},
          {"from", r.period.from.iso()},
          {"to", r.period.to.iso()},
          {"baseline", baseline},
          {"inflow", r.inflow},
          {"baseline_inflow", r.baseline_inflow},
          {"signals", themes},
          {"time_signals", times},
          {"reversal_signals", reversals},
          {"reversals", table},
          {"overall_reversal_rate",
           r.overall_decided ? rounded(static_cast<double>(r.overall_reversed) / r.overall_decided, 3) : 0.0}};
}

}  // namespace bb
