#include "web/query_filters.h"

#include <charconv>
#include <string>

#include "domain/codes.h"

namespace bb::web {

std::optional<int64_t> parse_id(std::string_view text) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

Result<CaseFilter> filter_from_query(const Params& q) {
  FieldErrors errors;
  CaseFilter f;
  f.q = q.get("q");
  if (f.q.size() > 200) errors.add("q", "field.too_long");
  if (auto s = q.find("status"); s && !s->empty()) {
    if (*s == "aaben") f.open_only = true;
    else if (auto st = parse_code<CaseStatus>(*s)) f.status = *st;
    else errors.add("status", "field.unknown_code");
  }
  if (auto d = q.find("department"); d && !d->empty()) f.department = *d;
  if (auto r = q.find("reason"); r && !r->empty()) {
    if (auto reason = parse_code<Reason>(*r)) f.reason = *reason;
    else errors.add("reason", "field.unknown_code");
  }
  if (auto ch = q.find("channel"); ch && !ch->empty()) {
    if (auto c = parse_code<Channel>(*ch)) f.channel = *c;
    else errors.add("channel", "field.unknown_code");
  }
  for (const char* key : {"from", "to"}) {
    if (auto v = q.find(key); v && !v->empty()) {
      auto d = Date::parse_iso(*v);
      if (!d) errors.add(key, "field.date");
      else (std::string(key) == "from" ? f.from : f.to) = *d;
    }
  }
  if (auto a = q.find("assignee"); a && !a->empty()) {
    if (auto id = parse_id(*a)) f.assignee_id = *id;
    else errors.add("assignee", "field.expected_id");
  }
  if (auto l = q.find("limit"); l && !l->empty()) {
    auto n = parse_id(*l);
    if (!n || *n > 200) errors.add("limit", "field.limit");
    else f.limit = static_cast<int>(*n);
  }
  f.cursor = q.get("cursor");
  if (!errors.empty()) return errors.to_error();
  return f;
}

}  // namespace bb::web
