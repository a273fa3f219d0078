// The server's view of HTTP, independent of the HTTP library: handlers take an HttpRequest
// and return an HttpResponse. Only web/server.cc knows RESTinio.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bb::web {

enum class Method { kGet, kHead, kPost, kPatch, kPut, kDelete, kOther };

// Ordered name/value pairs; names may repeat (checkboxes, multi-select).
class Params {
 public:
  void add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  // First value or "".
  const std::string& get(std::string_view name) const;
  std::optional<std::string> find(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;
  bool has(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct UploadedFile {
  std::string field;
  std::string filename;  // as the client sent it; sanitise before use
  std::string content;
};

struct HttpRequest {
  Method method = Method::kGet;
  std::string path;                 // without query
  std::string route;                // the matched route pattern, for metrics
  Params query;
  Params form;                      // urlencoded body or the non-file parts of multipart
  std::vector<UploadedFile> files;  // file parts of multipart
  std::map<std::string, std::string> path_params;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                 // raw body (JSON API)
  std::string remote_ip;
  bool body_parse_failed = false;   // malformed form/multipart encoding

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string_view path_param(const std::string& name) const {
    auto it = path_params.find(name);
    return it == path_params.end() ? std::string_view() : std::string_view(it->second);
  }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  HttpResponse& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  static HttpResponse html(int status, std::string body);
  static HttpResponse json(int status, std::string body);
  static HttpResponse text(int status, std::string body);
  static HttpResponse redirect(const std::string& location);  // 303 See Other
};

// Standard reason phrase ("Not Found").
const char* reason_phrase(int status);

}  // namespace bb::web
