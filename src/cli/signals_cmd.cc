#include "cli/signals_cmd.h"

#include <cstdio>
#include <iostream>

#include "service/signal_report.h"
#include "store/store.h"

namespace bb::cli {
namespace {

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

int cmd_signals(const std::string& db, const std::string& format, const std::string& period_text,
                bool include_dismissed) {
  SystemClock clock;
  StatPeriod period = quarter_of(copenhagen_date(clock.now()));
  if (!period_text.empty()) {
    auto parsed = parse_stat_period(period_text);
    if (!parsed) {
      std::cerr << "Ugyldig periode '" << period_text
                << "'. Brug et kvartal (2024Q3), en måned (2024-07), et år (2024) eller 2024-07-01..2024-10-15.\n";
      return 2;
    }
    period = *parsed;
  }
  auto store = open_store(db, clock);
  SignalReportOptions o;
  o.with_cases = true;
  o.include_dismissed = include_dismissed;
  const auto report = build_signal_report(*store, period, Actor::system(), o);
  if (format == "json") {
    std::cout << signal_report_json(report, true).dump() << "\n";
    return 0;
  }
  std::cout << "Signaler for " << report.period.label << " (" << report.period.from.iso() << " – "
            << report.period.to.iso() << "), " << report.inflow << " henvendelser; grundlag "
            << report.baseline_inflow << " henvendelser i de fire foregående perioder.\n";
  if (report.themes.empty() && report.times.empty() && report.reversals.empty()) {
    std::cout << "Ingen signaler.\n";
    return 0;
  }
  for (const auto& t : report.themes) {
    std::cout << "TEMA  " << (t.s.department.empty() ? "(ingen forvaltning)" : t.s.department) << " · " << t.s.theme
              << ": " << t.s.observed << " sager, forventet " << fixed(t.s.expected, 1) << " (x"
              << fixed(t.s.ratio, 1) << ", p=" << fixed(t.s.p, 5) << ")" << (t.dismissed ? " [gennemgået]" : "")
              << "\n      sager:";
    for (const auto& c : t.cases) std::cout << " " << c.number;
    std::cout << "\n";
  }
  for (const auto& t : report.times) {
    std::cout << "TID   " << t.s.department << " · " << t.s.metric << ": median " << fixed(t.s.current_median, 1)
              << " arbejdsdage mod " << fixed(t.s.baseline_median, 1) << " før (" << t.s.current_cases << " sager)"
              << (t.dismissed ? " [gennemgået]" : "") << "\n";
  }
  for (const auto& r : report.reversals) {
    std::cout << "OMGØR " << r.s.department << " · " << r.s.area << ": " << r.s.reversed << " af " << r.s.decided
              << " omgjort (" << fixed(r.s.rate * 100, 0) << " % mod " << fixed(r.s.overall_rate * 100, 0)
              << " % i alt, p=" << fixed(r.s.p, 5) << ")" << (r.dismissed ? " [gennemgået]" : "") << "\n";
  }
  return 0;
}

}  // namespace bb::cli
