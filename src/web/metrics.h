// Prometheus metrics: requests by route and status, and a latency histogram. Thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace bb::web {

class Metrics {
 public:
  void observe(const std::string& route, int status, std::chrono::microseconds latency);
  // Prometheus text exposition (version 0.0.4); `extra` is appended as is.
  std::string exposition(const std::string& extra) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  0.5,  1.0};
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, long> requests_;  // guarded by mu_
  std::array<long, kBuckets.size()> bucket_counts_{};     // guarded by mu_
  long count_ = 0;                                        // guarded by mu_
  double sum_seconds_ = 0;                                // guarded by mu_
};

// Escapes a Prometheus label value.
std::string prometheus_label(const std::string& value);

}  // namespace bb::web
