#include "web/metrics.h"

#include <fmt/format.h>

namespace bb::web {

std::string prometheus_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

void Metrics::observe(const std::string& route, int status, std::chrono::microseconds latency) {
  const double s = static_cast<double>(latency.count()) / 1e6;
  std::lock_guard lock(mu_);
  ++requests_[{route, status}];
  ++count_;
  sum_seconds_ += s;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (s <= kBuckets[i]) ++bucket_counts_[i];
  }
}

std::string Metrics::exposition(const std::string& extra) const {
  std::string out;
  std::lock_guard lock(mu_);
  out += "# HELP brobygger_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE brobygger_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += fmt::format("brobygger_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                       prometheus_label(key.first), key.second, n);
  }
  out += "# HELP brobygger_http_request_duration_seconds Time to answer a request.\n";
  out += "# TYPE brobygger_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    out += fmt::format("brobygger_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                       kBuckets[i], bucket_counts_[i]);
  }
  out += fmt::format("brobygger_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", count_);
  out += fmt::format("brobygger_http_request_duration_seconds_sum {}\n", sum_seconds_);
  out += fmt::format("brobygger_http_request_duration_seconds_count {}\n", count_);
  out += extra;
  return out;
}

}  // namespace bb::web
