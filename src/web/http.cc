#include "web/http.h"

namespace bb::web {

const std::string& Params::get(std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : items_) {
    if (k == name) return v;
  }
  return kEmpty;
}

std::optional<std::string> Params::find(std::string_view name) const {
  for (const auto& [k, v] : items_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> Params::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : items_) {
    if (k == name) out.push_back(v);
  }
  return out;
}

bool Params::has(std::string_view name) const { return find(name).has_value(); }

HttpResponse HttpResponse::html(int status, std::string body) {
  HttpResponse r{status, {}, std::move(body)};
  r.header("Content-Type", "text/html; charset=utf-8");
  return r;
}

HttpResponse HttpResponse::json(int status, std::string body) {
  HttpResponse r{status, {}, std::move(body)};
  r.header("Content-Type", "application/json; charset=utf-8");
  return r;
}

HttpResponse HttpResponse::text(int status, std::string body) {
  HttpResponse r{status, {}, std::move(body)};
  r.header("Content-Type", "text/plain; charset=utf-8");
  return r;
}

HttpResponse HttpResponse::redirect(const std::string& location) {
  HttpResponse r{303, {}, {}};
  r.header("Location", location);
  return r;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

}  // namespace bb::web
