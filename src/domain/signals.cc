#include "domain/signals.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace bb {
namespace {

// log Γ(x). glibc's lgamma() writes the global `signgam`, a data race when signals are
// computed on several threads at once; lgamma_r is the reentrant form of the same function.
double log_gamma(double x) {
#if defined(__GLIBC__)
  int sign = 0;
  return ::lgamma_r(x, &sign);
#else
  return std::lgamma(x);
#endif
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Sums the terms t_j for j in [lo, hi] of a unimodal distribution, given j0 in [lo, hi] with
// t_j0 the largest term in that range, its logarithm, and the ratios between neighbours:
//     up(j)   = t_{j+1} / t_j    (j ≥ j0; non-increasing in j and < 1 beyond j0)
//     down(j) = t_{j-1} / t_j    (j ≤ j0; non-increasing as j falls and ≤ 1)
// Every term is taken relative to t_j0, so nothing overflows or underflows on the way, and
// all terms are positive, so nothing cancels. A side stops when the rest of it is provably
// below the rounding of the sum: the remaining terms shrink at least geometrically with the
// current ratio r, so they add up to at most term × r / (1 − r).
template <typename Up, typename Down>
double sum_unimodal(double log_t_j0, int64_t j0, int64_t lo, int64_t hi, Up up, Down down) {
  constexpr double kEps = 1e-18;
  double sum = 1.0;
  double term = 1.0;
  for (int64_t j = j0; j < hi; ++j) {
    const double r = up(j);
    term *= r;
    sum += term;
    if (term == 0 || (r < 1 && term * r <= kEps * sum * (1 - r))) break;
  }
  term = 1.0;
  for (int64_t j = j0; j > lo; --j) {
    const double r = down(j);
    term *= r;
    sum += term;
    if (term == 0 || (r < 1 && term * r <= kEps * sum * (1 - r))) break;
  }
  return std::exp(log_t_j0) * sum;
}

}  // namespace

double poisson_upper_tail(int64_t k, double lambda) {
  if (k <= 0) return 1.0;
  if (std::isnan(lambda) || lambda < 0) return kNaN;
  if (lambda == 0) return 0.0;
  if (std::isinf(lambda)) return 1.0;
  // The largest term of the tail: the mode floor(λ) when it lies in the tail, else t_k.
  const double mode = std::floor(lambda);
  const int64_t j0 = mode >= static_cast<double>(std::numeric_limits<int64_t>::max() / 2)
                         ? std::numeric_limits<int64_t>::max() / 2
                         : std::max(k, static_cast<int64_t>(mode));
  const double jd = static_cast<double>(j0);
  const double log_t = -lambda + jd * std::log(lambda) - log_gamma(jd + 1);
  const double result = sum_unimodal(
      log_t, j0, k, std::numeric_limits<int64_t>::max(),
      [lambda](int64_t j) { return lambda / static_cast<double>(j + 1); },
      [lambda](int64_t j) { return static_cast<double>(j) / lambda; });
  return std::min(result, 1.0);
}

double binomial_upper_tail(int64_t k, int64_t n, double p) {
  if (k <= 0) return 1.0;
  if (k > n) return 0.0;
  if (std::isnan(p) || p < 0 || p > 1) return kNaN;
  if (p == 0) return 0.0;
  if (p == 1) return 1.0;
  const double nd = static_cast<double>(n);
  // Mode floor((n + 1) p), clamped to [0, n]; the largest term of the tail is at max(k, mode).
  const int64_t mode = std::clamp(static_cast<int64_t>(std::floor((nd + 1) * p)), int64_t{0}, n);
  const int64_t j0 = std::max(k, mode);
  const double jd = static_cast<double>(j0);
  const double log_p = std::log(p);
  const double log_q = std::log1p(-p);
  const double log_t =
      log_gamma(nd + 1) - log_gamma(jd + 1) - log_gamma(nd - jd + 1) + jd * log_p + (nd - jd) * log_q;
  const double odds = p / (1 - p);
  const double result = sum_unimodal(
      log_t, j0, k, n,
      [nd, odds](int64_t j) {
        const double jj = static_cast<double>(j);
        return (nd - jj) / (jj + 1) * odds;
      },
      [nd, odds](int64_t j) {
        const double jj = static_cast<double>(j);
        return jj / ((nd - jj + 1) * odds);
      });
  return std::min(result, 1.0);
}

std::vector<ThemeSignal> detect_theme_signals(const ThemeCounts& counts, const SignalOptions& options) {
  std::vector<ThemeSignal> out;
  int64_t baseline_total = 0;
  for (int i = 1; i <= kBaselinePeriods; ++i) baseline_total += counts.totals[static_cast<size_t>(i)];
  const int64_t current_total = counts.totals[0];
  // No baseline inflow (a new installation) or nothing received now: nothing to compare.
  if (baseline_total <= 0 || current_total <= 0) return out;

  for (const auto& [key, c] : counts.pairs) {
    const int64_t observed = c[0];
    if (observed < options.min_count) continue;
    int64_t baseline = 0;
    for (int i = 1; i <= kBaselinePeriods; ++i) baseline += c[static_cast<size_t>(i)];
    // Continuity correction: a pair never seen in the baseline counts as half a case.
    const double baseline_cases = baseline > 0 ? static_cast<double>(baseline) : 0.5;
    const double rate = baseline_cases / static_cast<double>(baseline_total);
    const double expected = rate * static_cast<double>(current_total);
    const double p = poisson_upper_tail(observed, expected);
    if (!(p < options.alpha)) continue;
    ThemeSignal s;
    s.department = key.first;
    s.theme = key.second;
    s.observed = observed;
    s.expected = expected;
    s.ratio = static_cast<double>(observed) / expected;
    s.p = p;
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const ThemeSignal& a, const ThemeSignal& b) {
    return std::tie(a.p, b.ratio, a.department, a.theme) < std::tie(b.p, a.ratio, b.department, b.theme);
  });
  return out;
}

double median(std::vector<int> values) {
  if (values.empty()) return 0;
  const size_t n = values.size();
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(values.begin(), mid, values.end());
  const double upper = *mid;
  if (n % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), mid);
  return (lower + upper) / 2;
}

std::vector<TimeSignal> detect_time_signals(const std::vector<DurationSample>& samples,
                                            const SignalOptions& options) {
  struct Values {
    std::vector<int> current;
    std::vector<int> baseline;
  };
  // department → [first_response, closing]
  std::map<std::string, std::array<Values, 2>> by_department;
  for (const DurationSample& s : samples) {
    if (s.period < 0 || s.period > kBaselinePeriods) continue;
    auto& metrics = by_department[s.department];
    const int days[2] = {s.first_response_days, s.closing_days};
    for (size_t m = 0; m < 2; ++m) {
      if (days[m] < 0) continue;
      (s.period == 0 ? metrics[m].current : metrics[m].baseline).push_back(days[m]);
    }
  }

  static constexpr const char* kMetrics[2] = {"first_response", "closing"};
  std::vector<TimeSignal> out;
  for (const auto& [department, metrics] : by_department) {
    for (size_t m = 0; m < 2; ++m) {
      const Values& v = metrics[m];
      const auto current_cases = static_cast<int64_t>(v.current.size());
      const auto baseline_cases = static_cast<int64_t>(v.baseline.size());
      if (current_cases < options.time_min_cases || baseline_cases < options.time_min_cases) continue;
      const double baseline_median = median(v.baseline);
      const double current_median = median(v.current);
      // A baseline median of 0 (answered the same day) counts as half a day.
      const double reference = baseline_median > 0 ? baseline_median : 0.5;
      if (!(current_median > (1 + options.time_rise) * reference)) continue;
      TimeSignal t;
      t.department = department;
      t.metric = kMetrics[m];
      t.baseline_median = baseline_median;
      t.current_median = current_median;
      t.ratio = current_median / reference;
      t.current_cases = current_cases;
      t.baseline_cases = baseline_cases;
      out.push_back(std::move(t));
    }
  }
  std::sort(out.begin(), out.end(), [](const TimeSignal& a, const TimeSignal& b) {
    return std::tie(b.ratio, a.department, a.metric) < std::tie(a.ratio, b.department, b.metric);
  });
  return out;
}

std::vector<ReversalSignal> detect_reversal_signals(const std::vector<ReversalCount>& period,
                                                    int64_t overall_decided, int64_t overall_reversed,
                                                    const SignalOptions& options) {
  std::vector<ReversalSignal> out;
  if (overall_decided <= 0) return out;
  const double overall_rate =
      std::clamp(static_cast<double>(overall_reversed) / static_cast<double>(overall_decided), 0.0, 1.0);
  for (const ReversalCount& c : period) {
    if (c.decided < options.reversal_min_decided || c.decided <= 0) continue;
    if (c.reversed <= 0 || c.reversed > c.decided) continue;
    const double p = binomial_upper_tail(c.reversed, c.decided, overall_rate);
    if (!(p < options.alpha)) continue;
    ReversalSignal s;
    s.department = c.department;
    s.area = c.area;
    s.decided = c.decided;
    s.reversed = c.reversed;
    s.rate = static_cast<double>(c.reversed) / static_cast<double>(c.decided);
    s.overall_rate = overall_rate;
    s.p = p;
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const ReversalSignal& a, const ReversalSignal& b) {
    return std::tie(a.p, b.rate, a.department, a.area) < std::tie(b.p, a.rate, b.department, b.area);
  });
  return out;
}

}  // namespace bb
