#include "domain/signals.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <random>

namespace bb {
namespace {

// ---------------------------------------------------------------------------------------------
// Tail probabilities
//
// Reference values computed independently with Python 3 (tools: the standard `decimal` module
// at 80 significant digits and `fractions`):
//   Poisson: P(X ≥ k) = Σ_{j ≥ k} e^{-λ} λ^j / j!, summed term by term from j = k in Decimal
//            until the terms fell below 1e-40 of the sum (past the mode).
//   Binomial: P(X ≥ k) = Σ_{j=k}^{n} C(n, j) p^j (1-p)^{n-j} summed exactly with
//             fractions.Fraction (p as the exact decimal fraction), then rounded.
// The values are printed with 18 significant digits; the implementation must match them to a
// relative 1e-9 even where they are 1e-37.

void ExpectRelative(double actual, double expected, double tolerance = 1e-9) {
  if (expected == 0) {
    EXPECT_EQ(actual, 0);
    return;
  }
  EXPECT_LE(std::fabs(actual - expected) / expected, tolerance)
      << "actual " << actual << " expected " << expected;
}

TEST(PoissonUpperTailTest, MatchesHighPrecisionReference) {
  struct Case {
    int64_t k;
    double lambda;
    double p;
  };
  const Case cases[] = {
      {5, 2.5, 1.08821981085848758e-1},
      {10, 4, 8.13224279693386316e-3},
      {13, 6, 8.82748351789814839e-3},
      {12, 6, 2.00919635394447996e-2},
      {16, 8, 8.23101098684489726e-3},
      {20, 10, 3.45434197585680768e-3},
      {15, 10, 8.34584729346628249e-2},
      {20, 20, 5.29742733160760013e-1},
      {1, 0.5, 3.93469340287366576e-1},
      {6, 0.125, 4.76045328444199623e-9},
      {5, 0.125, 2.29191021365241201e-7},
      {3, 0.001, 1.66541716652780753e-10},
      {25, 1, 2.46642317173194144e-26},
      {30, 1, 1.43308141672231821e-33},
      {40, 2, 1.91715834159427353e-37},
      {200, 50, 2.02475901484735643e-57},
      {1000, 1000, 5.04205244180215509e-1},
      {1100, 1000, 9.62630405866557161e-4},
      {1300, 1000, 6.88708666543016523e-20},
      {500, 1000, 1.0},
      {1, 1000, 1.0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "k=" << c.k << " lambda=" << c.lambda);
    ExpectRelative(poisson_upper_tail(c.k, c.lambda), c.p);
  }
}

TEST(PoissonUpperTailTest, EdgeCases) {
  EXPECT_EQ(poisson_upper_tail(0, 3), 1);
  EXPECT_EQ(poisson_upper_tail(-2, 3), 1);
  EXPECT_EQ(poisson_upper_tail(0, 0), 1);
  EXPECT_EQ(poisson_upper_tail(1, 0), 0);
  EXPECT_EQ(poisson_upper_tail(50, 0), 0);
  EXPECT_TRUE(std::isnan(poisson_upper_tail(1, -1)));
  EXPECT_TRUE(std::isnan(poisson_upper_tail(1, std::nan(""))));
  // Far beyond double range: underflows to 0 without NaN or a hang.
  EXPECT_EQ(poisson_upper_tail(5000, 1), 0);
  // Never above 1, and decreasing in k.
  double previous = 1;
  for (int64_t k = 0; k <= 120; ++k) {
    const double p = poisson_upper_tail(k, 37.5);
    EXPECT_LE(p, previous) << k;
    EXPECT_LE(p, 1.0) << k;
    previous = p;
  }
}

TEST(BinomialUpperTailTest, MatchesExactReference) {
  struct Case {
    int64_t k, n;
    double p, tail;
  };
  const Case cases[] = {
      {7, 10, 0.2, 8.64358400000000000e-4},      {4, 10, 0.2, 1.20873881600000000e-1},
      {4, 4, 0.2, 1.60000000000000000e-3},       {5, 5, 0.2, 3.20000000000000000e-4},
      {14, 20, 0.2, 1.84500572127232000e-6},     {6, 20, 0.2, 1.95792214540450529e-1},
      {6, 20, 0.25, 3.82827345612895442e-1},     {9, 10, 0.5, 1.07421875000000000e-2},
      {50, 100, 0.1, 5.83203878573434554e-24},   {95, 100, 0.5, 6.26162256269268017e-23},
      {3, 1000, 0.001, 8.02093428402010535e-2},  {500, 1000, 0.5, 5.12612509089180401e-1},
      {600, 1000, 0.5, 1.36423207803300921e-10}, {1, 1000, 0.5, 1.0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "k=" << c.k << " n=" << c.n << " p=" << c.p);
    ExpectRelative(binomial_upper_tail(c.k, c.n, c.p), c.tail);
  }
}

TEST(BinomialUpperTailTest, EdgeCases) {
  EXPECT_EQ(binomial_upper_tail(0, 10, 0.3), 1);
  EXPECT_EQ(binomial_upper_tail(-1, 10, 0.3), 1);
  EXPECT_EQ(binomial_upper_tail(11, 10, 0.3), 0);
  EXPECT_EQ(binomial_upper_tail(1, 0, 0.3), 0);
  EXPECT_EQ(binomial_upper_tail(1, 10, 0), 0);
  EXPECT_EQ(binomial_upper_tail(10, 10, 1), 1);
  ExpectRelative(binomial_upper_tail(10, 10, 0.5), std::ldexp(1.0, -10), 1e-12);
  ExpectRelative(binomial_upper_tail(1, 10, 0.5), 1 - std::ldexp(1.0, -10), 1e-12);
  EXPECT_TRUE(std::isnan(binomial_upper_tail(1, 10, 1.5)));
}

// ---------------------------------------------------------------------------------------------
// Theme signals: known counts

PeriodCounts Counts(int64_t current, int64_t b1, int64_t b2, int64_t b3, int64_t b4) {
  return {current, b1, b2, b3, b4};
}

TEST(ThemeSignalsTest, FlagsARiseBeyondTheInflowAndComputesTheExpectedCount) {
  ThemeCounts c;
  c.totals = Counts(100, 100, 100, 100, 100);
  c.pairs[{"Jobcenter", "partshoering"}] = Counts(20, 10, 10, 10, 10);  // expected 40/400 × 100 = 10
  c.pairs[{"Jobcenter", "vejledning"}] = Counts(15, 10, 10, 10, 10);    // p = 0.083
  c.pairs[{"Ydelse", "sagsbehandlingstid"}] = Counts(3, 1, 0, 1, 0);
  const auto signals = detect_theme_signals(c);
  ASSERT_EQ(signals.size(), 1u);
  EXPECT_EQ(signals[0].department, "Jobcenter");
  EXPECT_EQ(signals[0].theme, "partshoering");
  EXPECT_EQ(signals[0].observed, 20);
  EXPECT_DOUBLE_EQ(signals[0].expected, 10);
  EXPECT_DOUBLE_EQ(signals[0].ratio, 2);
  ExpectRelative(signals[0].p, 3.45434197585680768e-3);

  // A looser alpha also flags the pair at p = 0.083.
  SignalOptions loose;
  loose.alpha = 0.1;
  EXPECT_EQ(detect_theme_signals(c, loose).size(), 2u);
}

TEST(ThemeSignalsTest, ExpectedScalesWithTheInflow) {
  ThemeCounts c;
  c.totals = Counts(200, 100, 100, 100, 100);  // twice the usual inflow
  c.pairs[{"Jobcenter", "partshoering"}] = Counts(20, 10, 10, 10, 10);
  EXPECT_TRUE(detect_theme_signals(c).empty());  // expected 20, observed 20
}

TEST(ThemeSignalsTest, PairNeverSeenInTheBaselineUsesHalfACase) {
  ThemeCounts c;
  c.totals = Counts(100, 100, 100, 100, 100);
  c.pairs[{"Borgerservice", "aktindsigt"}] = Counts(6, 0, 0, 0, 0);
  const auto signals = detect_theme_signals(c);
  ASSERT_EQ(signals.size(), 1u);
  // rate = 0.5 / 400, expected = 0.5 / 400 × 100 = 0.125.
  EXPECT_DOUBLE_EQ(signals[0].expected, 0.125);
  EXPECT_DOUBLE_EQ(signals[0].ratio, 48);
  ExpectRelative(signals[0].p, 4.76045328444199623e-9);
}

TEST(ThemeSignalsTest, BelowTheMinimumCountIsNeverFlagged) {
  ThemeCounts c;
  c.totals = Counts(100, 100, 100, 100, 100);
  c.pairs[{"Borgerservice", "aktindsigt"}] = Counts(4, 0, 0, 0, 0);  // p ≈ 1.1e-5, but only 4
  EXPECT_TRUE(detect_theme_signals(c).empty());
  SignalOptions options;
  options.min_count = 4;
  EXPECT_EQ(detect_theme_signals(c, options).size(), 1u);
}

TEST(ThemeSignalsTest, NoBaselineInflowGivesNoSignals) {
  ThemeCounts c;
  c.totals = Counts(100, 0, 0, 0, 0);  // a new installation
  c.pairs[{"Jobcenter", "partshoering"}] = Counts(60, 0, 0, 0, 0);
  EXPECT_TRUE(detect_theme_signals(c).empty());
  EXPECT_TRUE(detect_theme_signals(ThemeCounts{}).empty());
}

TEST(ThemeSignalsTest, MostSignificantFirst) {
  ThemeCounts c;
  c.totals = Counts(100, 100, 100, 100, 100);
  c.pairs[{"A", "x"}] = Counts(20, 10, 10, 10, 10);  // p = 3.5e-3
  c.pairs[{"B", "y"}] = Counts(6, 0, 0, 0, 0);       // p = 4.8e-9
  c.pairs[{"C", "z"}] = Counts(30, 10, 10, 10, 10);  // p ≈ 7e-8
  const auto signals = detect_theme_signals(c);
  ASSERT_EQ(signals.size(), 3u);
  EXPECT_EQ(signals[0].department, "B");
  EXPECT_EQ(signals[1].department, "C");
  EXPECT_EQ(signals[2].department, "A");
}

// ---------------------------------------------------------------------------------------------
// Theme signals: simulated case streams
//
// 10 departments × 14 themes; each pair has a fixed Poisson rate of cases per quarter drawn
// uniformly from [0.5, 10] (its own seed); each case carries one pair, and the inflow is the
// sum over pairs. The random streams are std::mt19937_64 with fixed seeds and libstdc++'s
// std::poisson_distribution, so the figures are reproducible (docs/SIGNALS.md quotes them).

constexpr int kDepartments = 10;
constexpr int kThemes = 14;
constexpr int kPairs = kDepartments * kThemes;

const std::vector<std::pair<std::string, std::string>>& PairKeys() {
  static const auto keys = [] {
    std::vector<std::pair<std::string, std::string>> k;
    for (int d = 0; d < kDepartments; ++d) {
      for (int t = 0; t < kThemes; ++t) k.emplace_back("afd" + std::to_string(d), "tema" + std::to_string(t));
    }
    return k;
  }();
  return keys;
}

std::vector<double> DrawRates(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> uniform(0.5, 10);
  std::vector<double> rates(kPairs);
  for (double& r : rates) r = uniform(rng);
  return rates;
}

// One period's counts per pair, drawn with the rates × multiplier (per pair).
std::vector<int64_t> DrawPeriod(std::mt19937_64& rng, const std::vector<double>& rates,
                                const std::vector<double>& multiplier) {
  std::vector<int64_t> counts(kPairs);
  for (int i = 0; i < kPairs; ++i) {
    std::poisson_distribution<int64_t> poisson(rates[static_cast<size_t>(i)] *
                                               multiplier[static_cast<size_t>(i)]);
    counts[static_cast<size_t>(i)] = poisson(rng);
  }
  return counts;
}

// ThemeCounts from periods[current], periods[current - 1], … (current first).
ThemeCounts Assemble(const std::vector<std::vector<int64_t>>& periods, size_t current) {
  ThemeCounts c;
  for (size_t k = 0; k <= kBaselinePeriods; ++k) {
    const auto& period = periods[current - k];
    int64_t total = 0;
    for (int64_t v : period) total += v;
    c.totals[k] = total;
    for (size_t i = 0; i < kPairs; ++i) c.pairs[PairKeys()[i]][k] = period[i];
  }
  return c;
}

// Five periods (index 0 the oldest baseline period, 4 the current one) with stable rates,
// except that pair `planted` (if any) has `factor` × its rate in the current period, and every
// pair has `general` × its rate there.
ThemeCounts Simulate(uint64_t seed, int planted, double planted_rate, double factor, double general) {
  std::mt19937_64 rng(seed);
  std::vector<double> rates = DrawRates(rng);
  if (planted >= 0) rates[static_cast<size_t>(planted)] = planted_rate;
  std::vector<std::vector<int64_t>> periods;
  const std::vector<double> same(kPairs, 1.0);
  for (int k = 0; k < kBaselinePeriods; ++k) periods.push_back(DrawPeriod(rng, rates, same));
  std::vector<double> now(kPairs, general);
  if (planted >= 0) now[static_cast<size_t>(planted)] *= factor;
  periods.push_back(DrawPeriod(rng, rates, now));
  return Assemble(periods, kBaselinePeriods);
}

constexpr int kPlanted = 37;            // afd2 × tema9
constexpr double kPlantedBaseRate = 8;  // cases per quarter; 24 in the current period
constexpr double kFalsePositiveBound = 0.02;

TEST(ThemeSignalsSimulationTest, PlantedRiseIsFlaggedFirst) {
  const ThemeCounts c = Simulate(/*seed=*/1, kPlanted, kPlantedBaseRate, 3, 1);
  const auto signals = detect_theme_signals(c);
  ASSERT_FALSE(signals.empty());
  EXPECT_EQ(signals[0].department, PairKeys()[kPlanted].first);
  EXPECT_EQ(signals[0].theme, PairKeys()[kPlanted].second);
  EXPECT_GT(signals[0].ratio, 2);
}

TEST(ThemeSignalsSimulationTest, PlantedRiseIsFoundInNineOfTenRuns) {
  constexpr int kRuns = 400;
  int found = 0, first = 0;
  for (int seed = 1; seed <= kRuns; ++seed) {
    const auto signals =
        detect_theme_signals(Simulate(static_cast<uint64_t>(seed), kPlanted, kPlantedBaseRate, 3, 1));
    for (size_t j = 0; j < signals.size(); ++j) {
      if (std::make_pair(signals[j].department, signals[j].theme) == PairKeys()[kPlanted]) {
        ++found;
        if (j == 0) ++first;
      }
    }
  }
  const double detection = static_cast<double>(found) / kRuns;
  std::cout << "[signals] planted 3x rise (base " << kPlantedBaseRate << "/quarter -> "
            << 3 * kPlantedBaseRate << "), seeds 1.." << kRuns << ": found in " << found << "/" << kRuns
            << " = " << detection << ", ranked first in " << first << "/" << kRuns << "\n";
  EXPECT_GE(detection, 0.9);
}

TEST(ThemeSignalsSimulationTest, FalsePositiveRateUnderOrdinaryNoise) {
  // One long history: 200 current quarters, each with the four before as baseline.
  constexpr int kQuarters = 200;
  std::mt19937_64 rng(20240701);
  const std::vector<double> rates = DrawRates(rng);
  const std::vector<double> same(kPairs, 1.0);
  std::vector<std::vector<int64_t>> periods;
  for (int q = 0; q < kQuarters + kBaselinePeriods; ++q) periods.push_back(DrawPeriod(rng, rates, same));

  std::map<std::pair<std::string, std::string>, size_t> index;
  for (size_t i = 0; i < kPairs; ++i) index[PairKeys()[i]] = i;
  int64_t tested = 0, flagged = 0, tested_large = 0, flagged_large = 0;
  for (size_t q = kBaselinePeriods; q < periods.size(); ++q) {
    const auto signals = detect_theme_signals(Assemble(periods, q));
    tested += kPairs;
    flagged += static_cast<int64_t>(signals.size());
    for (double r : rates) tested_large += r >= 5 ? 1 : 0;
    for (const auto& s : signals) flagged_large += rates[index.at({s.department, s.theme})] >= 5 ? 1 : 0;
  }
  const double rate = static_cast<double>(flagged) / static_cast<double>(tested);
  const double rate_large = static_cast<double>(flagged_large) / static_cast<double>(tested_large);
  std::cout << "[signals] false positives, seed 20240701, " << kPairs << " pairs x " << kQuarters
            << " quarters: " << flagged << "/" << tested << " = " << rate
            << "; pairs with mean >= 5: " << flagged_large << "/" << tested_large << " = " << rate_large
            << "; mean < 5: " << flagged - flagged_large << "/" << tested - tested_large << " = "
            << static_cast<double>(flagged - flagged_large) / static_cast<double>(tested - tested_large)
            << "\n";
  EXPECT_LT(rate, kFalsePositiveBound);
  EXPECT_LT(rate_large, 0.025);
}

TEST(ThemeSignalsSimulationTest, GeneralRiseIsAbsorbedByTheInflow) {
  // Every pair's rate, and with it the inflow, doubles in the current period.
  constexpr int kRuns = 100;
  int64_t tested = 0, flagged = 0, flagged_unadjusted = 0;
  for (int seed = 1; seed <= kRuns; ++seed) {
    const ThemeCounts c = Simulate(static_cast<uint64_t>(seed), -1, 0, 1, 2);
    tested += kPairs;
    flagged += static_cast<int64_t>(detect_theme_signals(c).size());
    // For comparison, the same test against the plain baseline mean (no inflow adjustment).
    for (const auto& [key, counts] : c.pairs) {
      const int64_t baseline = counts[1] + counts[2] + counts[3] + counts[4];
      const double mean = (baseline > 0 ? static_cast<double>(baseline) : 0.5) / kBaselinePeriods;
      if (counts[0] >= 5 && poisson_upper_tail(counts[0], mean) < 0.01) ++flagged_unadjusted;
    }
  }
  const double rate = static_cast<double>(flagged) / static_cast<double>(tested);
  const double unadjusted = static_cast<double>(flagged_unadjusted) / static_cast<double>(tested);
  std::cout << "[signals] general 2x rise, seeds 1.." << kRuns << ", " << kPairs << " pairs: flagged "
            << flagged << "/" << tested << " = " << rate << " (without inflow adjustment "
            << flagged_unadjusted << "/" << tested << " = " << unadjusted << ")\n";
  // Above the steady-state rate: the baseline's own noise is scaled up with the inflow
  // (docs/SIGNALS.md, "Known limits"), but nothing like the unadjusted comparison.
  EXPECT_LT(rate, 2 * kFalsePositiveBound);
  EXPECT_GT(unadjusted, 10 * rate);
}

// ---------------------------------------------------------------------------------------------
// Time signals

TEST(MedianTest, OddEvenEmpty) {
  EXPECT_EQ(median({}), 0);
  EXPECT_EQ(median({7}), 7);
  EXPECT_EQ(median({5, 1, 3}), 3);
  EXPECT_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(median({2, 2, 9, 9}), 5.5);
  EXPECT_EQ(median({6, 6, 6, 1, 1}), 6);
  EXPECT_EQ(median({2147483647, 2147483647}), 2147483647.0);  // no int overflow
}

void AddSamples(std::vector<DurationSample>& out, const std::string& department, int period,
                const std::vector<int>& first_response, const std::vector<int>& closing = {}) {
  const size_t n = std::max(first_response.size(), closing.size());
  for (size_t i = 0; i < n; ++i) {
    DurationSample s;
    s.department = department;
    s.period = period;
    s.first_response_days = i < first_response.size() ? first_response[i] : -1;
    s.closing_days = i < closing.size() ? closing[i] : -1;
    out.push_back(s);
  }
}

// Ten values a period around the given median, spread over the four baseline periods.
void AddBaseline(std::vector<DurationSample>& out, const std::string& department,
                 const std::vector<int>& values) {
  for (int period = 1; period <= kBaselinePeriods; ++period) AddSamples(out, department, period, values);
}

TEST(TimeSignalsTest, DoubledFirstResponseIsFlagged) {
  std::vector<DurationSample> s;
  AddBaseline(s, "Jobcenter", {1, 2, 3, 3, 3, 3, 4, 5, 8, 2});           // median 3, 40 cases
  AddSamples(s, "Jobcenter", 0, {4, 5, 6, 6, 6, 6, 7, 9, 12, 3, 6, 6});  // median 6, 12 cases
  const auto signals = detect_time_signals(s);
  ASSERT_EQ(signals.size(), 1u);
  EXPECT_EQ(signals[0].department, "Jobcenter");
  EXPECT_EQ(signals[0].metric, "first_response");
  EXPECT_EQ(signals[0].baseline_median, 3);
  EXPECT_EQ(signals[0].current_median, 6);
  EXPECT_EQ(signals[0].ratio, 2);
  EXPECT_EQ(signals[0].current_cases, 12);
  EXPECT_EQ(signals[0].baseline_cases, 40);
}

TEST(TimeSignalsTest, FortyPercentRiseIsNotFlagged) {
  std::vector<DurationSample> s;
  AddBaseline(s, "Borgerservice", {3, 4, 5, 5, 5, 5, 6, 7, 2, 9});     // median 5
  AddSamples(s, "Borgerservice", 0, {5, 6, 7, 7, 7, 7, 8, 9, 4, 12});  // median 7 (+40 %)
  EXPECT_TRUE(detect_time_signals(s).empty());
}

TEST(TimeSignalsTest, ExactlyFiftyPercentIsNotARiseOfMore) {
  std::vector<DurationSample> s;
  AddBaseline(s, "A", {2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
  AddSamples(s, "A", 0, {3, 3, 3, 3, 3, 3, 3, 3, 3, 3});  // 1.5 ×
  EXPECT_TRUE(detect_time_signals(s).empty());

  std::vector<DurationSample> t;
  AddBaseline(t, "A", {2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
  AddSamples(t, "A", 0, {3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4});  // median 3.5 → 1.75 ×
  const auto signals = detect_time_signals(t);
  ASSERT_EQ(signals.size(), 1u);
  EXPECT_EQ(signals[0].current_median, 3.5);
  EXPECT_EQ(signals[0].ratio, 1.75);
}

TEST(TimeSignalsTest, TooFewCasesAreNotFlagged) {
  std::vector<DurationSample> s;
  AddBaseline(s, "Ydelse", {3, 3, 3, 3, 3, 3, 3, 3, 3, 3});
  AddSamples(s, "Ydelse", 0, {9, 9, 9, 9, 9, 9, 9, 9, 9});  // 9 cases, median 9
  EXPECT_TRUE(detect_time_signals(s).empty());

  // Nine cases in the whole baseline: also too few.
  std::vector<DurationSample> t;
  AddSamples(t, "Ydelse", 2, {3, 3, 3, 3, 3, 3, 3, 3, 3});
  AddSamples(t, "Ydelse", 0, {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
  EXPECT_TRUE(detect_time_signals(t).empty());

  // Cases that have not been answered yet (-1) do not count.
  std::vector<DurationSample> u;
  AddBaseline(u, "Ydelse", {3, 3, 3, 3, 3, 3, 3, 3, 3, 3});
  AddSamples(u, "Ydelse", 0, {9, 9, 9, 9, 9, 9, 9, 9, 9, -1, -1, -1});
  EXPECT_TRUE(detect_time_signals(u).empty());
}

TEST(TimeSignalsTest, ClosingTimeAndZeroBaselineLargestRatioFirst) {
  std::vector<DurationSample> s;
  // Closing time 20 → 35 days; first response unchanged at 2.
  AddBaseline(s, "Ydelse", {2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
  for (int period = 1; period <= kBaselinePeriods; ++period) {
    AddSamples(s, "Ydelse", period, {}, {20, 20, 20, 20, 20, 20, 20, 20, 20, 20});
  }
  AddSamples(s, "Ydelse", 0, {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, {35, 35, 35, 35, 35, 35, 35, 35, 35, 35});
  // Same-day answers (0) in the baseline count as half a day: 0 → 2 is 4 ×.
  AddBaseline(s, "Borgerservice", {0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  AddSamples(s, "Borgerservice", 0, {2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
  const auto signals = detect_time_signals(s);
  ASSERT_EQ(signals.size(), 2u);
  EXPECT_EQ(signals[0].department, "Borgerservice");
  EXPECT_EQ(signals[0].metric, "first_response");
  EXPECT_EQ(signals[0].baseline_median, 0);
  EXPECT_EQ(signals[0].ratio, 4);
  EXPECT_EQ(signals[1].department, "Ydelse");
  EXPECT_EQ(signals[1].metric, "closing");
  EXPECT_EQ(signals[1].ratio, 1.75);
}

// 8 departments, 30 cases a period each; first-response times 1 + Poisson(2.2) working days
// (median 3). In department afd3 every case of the current period takes `factor` × as long.
// Returns how often afd3 was flagged and how often any other department was.
std::pair<int, int> SimulateSlowDepartment(int runs, double factor) {
  int found = 0, others = 0;
  const std::string names[8] = {"afd0", "afd1", "afd2", "afd3", "afd4", "afd5", "afd6", "afd7"};
  std::vector<DurationSample> s;
  for (int seed = 1; seed <= runs; ++seed) {
    std::mt19937_64 rng(static_cast<uint64_t>(seed));
    std::poisson_distribution<int> poisson(2.2);
    s.clear();
    for (int d = 0; d < 8; ++d) {
      for (int period = 0; period <= kBaselinePeriods; ++period) {
        for (int i = 0; i < 30; ++i) {
          DurationSample x;
          x.department = names[d];
          x.period = period;
          const double f = period == 0 && d == 3 ? factor : 1;
          x.first_response_days = static_cast<int>(std::lround((1 + poisson(rng)) * f));
          s.push_back(x);
        }
      }
    }
    for (const auto& t : detect_time_signals(s)) (t.department == "afd3" ? found : others) += 1;
  }
  return {found, others};
}

TEST(TimeSignalsTest, SimulatedSlowDepartmentIsFound) {
  constexpr int kRuns = 200;
  const auto [found, others] = SimulateSlowDepartment(kRuns, 2.0);
  const auto [found_40, others_40] = SimulateSlowDepartment(kRuns, 1.4);
  std::cout << "[signals] time: 8 departments x 30 cases x 5 periods, seeds 1.." << kRuns
            << ": doubled times found " << found << "/" << kRuns << ", +40 % found " << found_40 << "/"
            << kRuns << "; other departments flagged " << others + others_40 << "/" << 2 * 7 * kRuns << "\n";
  EXPECT_GE(found, 0.9 * kRuns);
  EXPECT_LT(found_40, 0.5 * kRuns);
  EXPECT_LE(others + others_40, 0.01 * 2 * 7 * kRuns);
}

// ---------------------------------------------------------------------------------------------
// Reversal signals

TEST(ReversalSignalsTest, KnownCounts) {
  // The office: 200 decided, 40 reversed → 20 %.
  const std::vector<ReversalCount> period = {
      {"Jobcenter", "beskaeftigelse", 10, 7},  // p = 8.64e-4 → flagged
      {"Borgerservice", "social", 10, 4},      // p = 0.121
      {"Byg", "byg", 4, 4},                    // p = 1.6e-3, but fewer than 5 decided
      {"Ydelse", "social", 20, 14},            // p = 1.85e-6 → flagged, first
      {"Ydelse", "skat", 20, 6},               // p = 0.196
      {"Familie", "social", 30, 0},
  };
  const auto signals = detect_reversal_signals(period, 200, 40);
  ASSERT_EQ(signals.size(), 2u);
  EXPECT_EQ(signals[0].department, "Ydelse");
  EXPECT_EQ(signals[0].area, "social");
  EXPECT_EQ(signals[0].decided, 20);
  EXPECT_EQ(signals[0].reversed, 14);
  EXPECT_DOUBLE_EQ(signals[0].rate, 0.7);
  EXPECT_DOUBLE_EQ(signals[0].overall_rate, 0.2);
  ExpectRelative(signals[0].p, 1.84500572127232000e-6);
  EXPECT_EQ(signals[1].department, "Jobcenter");
  ExpectRelative(signals[1].p, 8.64358400000000000e-4);

  // Five decided, all reversed: p = 0.2^5 = 3.2e-4 → flagged at the minimum.
  const auto five = detect_reversal_signals({{"Byg", "byg", 5, 5}}, 200, 40);
  ASSERT_EQ(five.size(), 1u);
  ExpectRelative(five[0].p, 3.2e-4);
}

TEST(ReversalSignalsTest, NoOverallDecisionsGiveNoSignals) {
  EXPECT_TRUE(detect_reversal_signals({{"Byg", "byg", 5, 5}}, 0, 0).empty());
  EXPECT_TRUE(detect_reversal_signals({}, 100, 10).empty());
}

}  // namespace
}  // namespace bb
