// The signal report: runs the store's aggregates for a period and its baseline through the
// domain's detectors (domain/signals.h), hides signals the advisor has dismissed unless they
// have grown, and attaches the cases behind each signal when the caller may see them. Used
// by the API, the Signaler page and `brobygger signals`.
//
// Signal keys name a signal across requests: "<period>:theme:<department>:<theme>",
// "<period>:time:<department>:<metric>", "<period>:reversal:<department>:<area>". A dismissal
// stores the signal's size when it was reviewed: the observed count for theme signals, the
// current median in tenths of a working day for time signals, the reversed count for
// reversal signals; the signal is shown again when that size grows.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "domain/signals.h"
#include "domain/stat_period.h"
#include "store/store.h"

namespace bb {

struct SignalReport {
  StatPeriod period;
  std::vector<StatPeriod> baseline;  // nearest first
  int64_t inflow = 0;                // cases received in the period
  int64_t baseline_inflow = 0;

  struct ThemeItem {
    ThemeSignal s;
    std::string key;
    std::vector<CaseRef> cases;  // empty unless requested
    std::optional<SignalDismissal> dismissed;
  };
  struct TimeItem {
    TimeSignal s;
    std::string key;
    std::vector<CaseRef> cases;
    std::optional<SignalDismissal> dismissed;
  };
  struct ReversalItem {
    ReversalSignal s;
    std::string key;
    std::optional<SignalDismissal> dismissed;
  };
  std::vector<ThemeItem> themes;
  std::vector<TimeItem> times;
  std::vector<ReversalItem> reversals;
  std::vector<ReversalCount> reversal_table;  // every department × area decided in the period
  int64_t overall_decided = 0;
  int64_t overall_reversed = 0;
};

struct SignalReportOptions {
  bool with_cases = false;         // attach the cases (audited for `actor`)
  bool include_dismissed = false;  // keep dismissed signals that have not grown (marked)
  SignalOptions detection;
};

SignalReport build_signal_report(Store& store, const StatPeriod& period, const Actor& actor,
                                 const SignalReportOptions& options);

// Finds one signal of the report by key (after build with include_dismissed).
const SignalReport::ThemeItem* find_theme_signal(const SignalReport& r, const std::string& key);
const SignalReport::TimeItem* find_time_signal(const SignalReport& r, const std::string& key);

// The size a dismissal records for the signal with this key (see above); nullopt when the key
// is not a current signal.
std::optional<int64_t> signal_size(const SignalReport& r, const std::string& key);

// {"period":"2024Q3","signals":[{"kind":"theme","key":…,"department":…,"theme":…,"observed":…,
// "expected":…,"ratio":…,"p":…,"cases":[{"id":…,"number":…}]}, …], …}. Cases are included only
// when the report has them.
nlohmann::json signal_report_json(const SignalReport& r, bool with_cases);

}  // namespace bb
