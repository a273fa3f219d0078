// Signals: finding systemic problems across cases (DESIGN.md §1 point 5).
//
// Theme signals. For each department × theme the count of cases received in the current
// period is compared with what the previous periods (four by default) lead one to expect,
// adjusted for the total inflow:
//     rate     = (cases with the pair in the baseline periods) / (all cases in those periods)
//     expected = rate × (all cases in the current period)
// A pair is flagged when the count is at least `min_count` (5) and the exact Poisson
// upper-tail probability P(X ≥ observed | λ = expected) is below `alpha` (0.01). When the pair
// never occurred in the baseline, the rate uses half a case (a continuity correction) so a new
// problem can still be flagged without dividing by zero. No baseline inflow at all (the first
// periods of a new installation) → no theme signals.
//
// Time signals. For each department, the median first-response time and the median time to
// close (working days, cases received in the period) are compared with the same medians over
// the baseline periods pooled; a rise of more than 50 % with at least 10 cases in both the
// period and the baseline is flagged.
//
// Reversal signals. For each department × area, complaints decided by the complaint body in the
// period are compared with the office's overall reversal share (all departments, all time):
// flagged when at least 5 decisions and the binomial upper-tail probability of that many
// reversals is below `alpha`.
//
// Pure functions over counts the store aggregates in SQL; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bb {

inline constexpr int kBaselinePeriods = 4;

struct SignalOptions {
  double alpha = 0.01;
  int64_t min_count = 5;
  double time_rise = 0.5;       // flag when current median > (1 + time_rise) × baseline median
  int64_t time_min_cases = 10;  // in the current period and in the baseline
  int64_t reversal_min_decided = 5;
};

// P(X ≥ k) for X ~ Poisson(lambda); 1 when k ≤ 0; exact to double precision also far in the
// tail (no 1 − CDF cancellation).
double poisson_upper_tail(int64_t k, double lambda);
// P(X ≥ k) for X ~ Binomial(n, p).
double binomial_upper_tail(int64_t k, int64_t n, double p);

// Counts per department × theme. Index 0 is the current period, 1..kBaselinePeriods the
// previous ones, nearest first.
using PeriodCounts = std::array<int64_t, 1 + kBaselinePeriods>;
struct ThemeCounts {
  std::map<std::pair<std::string, std::string>, PeriodCounts> pairs;  // (department, theme)
  PeriodCounts totals{};  // all cases received in each period (the inflow)
};

struct ThemeSignal {
  std::string department;
  std::string theme;
  int64_t observed = 0;
  double expected = 0;
  double ratio = 0;  // observed / expected
  double p = 1;
};

// Flagged pairs, most significant (smallest p) first.
std::vector<ThemeSignal> detect_theme_signals(const ThemeCounts& counts,
                                              const SignalOptions& options = {});

// One case's durations, in working days; -1 when not (yet) reached.
struct DurationSample {
  std::string department;
  int period = 0;  // 0 current, 1..kBaselinePeriods baseline
  int first_response_days = -1;
  int closing_days = -1;
};

struct TimeSignal {
  std::string department;
  std::string metric;  // "first_response" or "closing"
  double baseline_median = 0;
  double current_median = 0;
  double ratio = 0;  // current / baseline (baseline median 0 counts as 0.5 days)
  int64_t current_cases = 0;
  int64_t baseline_cases = 0;
};

// Flagged department × metric pairs, largest ratio first.
std::vector<TimeSignal> detect_time_signals(const std::vector<DurationSample>& samples,
                                            const SignalOptions& options = {});

// The median of the values (mean of the middle two when even); 0 for none.
double median(std::vector<int> values);

// Complaints decided by the complaint body (final result stadfaestet, aendret, ophaevet or
// hjemvist) and how many were reversed (aendret, ophaevet, hjemvist).
struct ReversalCount {
  std::string department;
  std::string area;
  int64_t decided = 0;
  int64_t reversed = 0;
};

struct ReversalSignal {
  std::string department;
  std::string area;
  int64_t decided = 0;
  int64_t reversed = 0;
  double rate = 0;          // reversed / decided
  double overall_rate = 0;  // the office's share over all departments and time
  double p = 1;
};

// `period` counts are flagged against `overall` (the office's totals).
std::vector<ReversalSignal> detect_reversal_signals(const std::vector<ReversalCount>& period,
                                                    int64_t overall_decided,
                                                    int64_t overall_reversed,
                                                    const SignalOptions& options = {});

}  // namespace bb
