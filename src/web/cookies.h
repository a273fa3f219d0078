// Cookie header parsing (RFC 6265 §5.2, lenient) and Set-Cookie building. RESTinio has no
// cookie parser.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace bb::web {

// Name -> value for a Cookie request header. The first occurrence of a name wins; pairs
// without '=' and names with characters outside a token are skipped.
std::map<std::string, std::string> parse_cookies(std::string_view header);

struct CookieOptions {
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Strict";
  std::string path = "/";
  long max_age = -1;  // -1: session cookie; 0: delete
};

std::string set_cookie(const std::string& name, const std::string& value, const CookieOptions& opt);

}  // namespace bb::web
