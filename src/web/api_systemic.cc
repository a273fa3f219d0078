// JSON API for the systemic work (docs/openapi.yaml): recommendations, investigations,
// activities, complaints on cases, themes on cases, the theme list and signals.
//
// Roles: advisors do everything; assistants read, register complaints, themes (without
// criticism) and activities, but never issue or change recommendations or investigations;
// managers and admins see recommendations and signals only as counts, without case content.
#include "domain/access.h"
#include "domain/utf8.h"
#include "render/renderer.h"
#include "service/signal_report.h"
#include "web/app.h"
#include "web/case_json.h"
#include "web/page_helpers.h"
#include "web/systemic_io.h"

namespace bb::web {
namespace {

using nlohmann::json;

HttpResponse json_ok(int status, const json& body) {
  return HttpResponse::json(status, render::dump_json(body));
}

bool may(const RequestContext& ctx, Permission p) { return ctx.user && has_permission(ctx.user->role, p); }

// The body as a JSON object after the UTF-8 check.
Result<json> body_object(RequestContext& ctx) {
  if (!valid_utf8(ctx.req.body)) return Error::field(ErrorCode::kInvalid, "body", "request.utf8");
  return parse_json_object(ctx.req.body);
}

// "version" in a PATCH body: the version the client last saw (optional).
Result<std::optional<int64_t>> body_version(const json& body) {
  if (!body.contains("version")) return std::optional<int64_t>();
  const auto& v = body["version"];
  if (!v.is_number_integer()) return Error::field(ErrorCode::kInvalid, "version", "field.expected_integer");
  return std::optional<int64_t>(v.get<int64_t>());
}

Result<std::optional<int>> year_param(const Params& q) {
  auto y = q.find("year");
  if (!y || y->empty()) return std::optional<int>();
  auto n = parse_id(*y);
  if (!n || *n < 1900 || *n > 2200) return Error::field(ErrorCode::kInvalid, "year", "field.year");
  return std::optional<int>(static_cast<int>(*n));
}

Result<std::optional<int64_t>> id_param(const Params& q, const char* name) {
  auto v = q.find(name);
  if (!v || v->empty()) return std::optional<int64_t>();
  auto id = parse_id(*v);
  if (!id) return Error::field(ErrorCode::kInvalid, name, "field.expected_id");
  return std::optional<int64_t>(*id);
}

bool flag(const Params& q, const char* name) {
  auto v = q.find(name);
  return v && (*v == "1" || *v == "true");
}

// ------------------------------------------------------------------------ recommendations --

Result<RecommendationFilter> recommendation_filter(const Params& q, const Date& today) {
  RecommendationFilter f;
  f.today = today;
  if (auto s = q.find("status"); s && !s->empty()) {
    f.status = parse_code<RecommendationStatus>(*s);
    if (!f.status) return Error::field(ErrorCode::kInvalid, "status", "field.unknown_code");
  }
  if (auto d = q.find("department"); d && !d->empty()) f.department = *d;
  auto year = year_param(q);
  if (!year) return year.error();
  f.year = *year;
  f.overdue = flag(q, "overdue");
  f.follow_up_due = flag(q, "follow_up_due");
  auto c = id_param(q, "case");
  if (!c) return c.error();
  f.case_id = *c;
  auto inv = id_param(q, "investigation");
  if (!inv) return inv.error();
  f.investigation_id = *inv;
  return f;
}

json recommendation_counts_json(App& app) {
  json items = json::array();
  for (const auto& c : app.store().recommendations().counts(app.today())) {
    items.push_back({{"year", c.year},
                     {"department", c.department},
                     {"status", to_code(c.status)},
                     {"count", c.count},
                     {"overdue", c.overdue}});
  }
  return {{"counts", items}};
}

HttpResponse list_recommendations(App& app, RequestContext& ctx) {
  if (!may(ctx, Permission::kReadCases)) {
    if (auto deny = app.deny_unless(ctx, Permission::kViewStatistics)) return *deny;
    return json_ok(200, recommendation_counts_json(app));
  }
  auto f = recommendation_filter(ctx.req.query, app.today());
  if (!f) return app.error(ctx, f.error());
  json items = json::array();
  for (const auto& r : app.store().recommendations().list(*f)) items.push_back(to_json(r, app.today()));
  return json_ok(200, {{"items", items}});
}

HttpResponse create_recommendation(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  RecommendationInput in;
  if (auto st = overlay_json(in, *body); !st) return app.error(ctx, st.error());
  auto r = validate_recommendation(in, app.settings(), app.today());
  if (!r) return app.error(ctx, r.error());
  auto saved = app.store().recommendations().create(*r, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  HttpResponse res = json_ok(201, to_json(*saved, app.today()));
  res.header("Location", "/api/v1/recommendations/" + std::to_string(saved->id));
  return res;
}

HttpResponse get_recommendation(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("recommendation.not_found"));
  auto r = app.store().recommendations().get(*id);
  if (!r) return app.error(ctx, r.error());
  json j = to_json(*r, app.today());
  json history = json::array();
  for (const auto& h : app.store().recommendations().history(*id)) history.push_back(to_json(h));
  j["history"] = history;
  return json_ok(200, j);
}

HttpResponse patch_recommendation(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("recommendation.not_found"));
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  auto version = body_version(*body);
  if (!version) return app.error(ctx, version.error());
  auto current = app.store().recommendations().get(*id);
  if (!current) return app.error(ctx, current.error());
  RecommendationInput in = to_input(*current);
  if (auto st = overlay_json(in, *body); !st) return app.error(ctx, st.error());
  auto updated = validate_recommendation(in, app.settings(), app.today());
  if (!updated) return app.error(ctx, updated.error());
  updated->id = current->id;
  updated->number = current->number;
  updated->version = version->value_or(current->version);
  auto changes = diff(*current, *updated);
  if (changes.empty() && updated->version == current->version) return json_ok(200, to_json(*current, app.today()));
  auto saved = app.store().recommendations().update(*updated, changes, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  return json_ok(200, to_json(*saved, app.today()));
}

HttpResponse delete_recommendation(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("recommendation.not_found"));
  auto st = app.store().recommendations().remove(*id, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse{204, {}, ""};
}

// ------------------------------------------------------------------------- investigations --

HttpResponse list_investigations(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  InvestigationFilter f;
  const Params& q = ctx.req.query;
  if (auto s = q.find("status"); s && !s->empty()) {
    f.status = parse_code<InvestigationStatus>(*s);
    if (!f.status) return app.error(ctx, Error::field(ErrorCode::kInvalid, "status", "field.unknown_code"));
  }
  if (auto d = q.find("department"); d && !d->empty()) f.department = *d;
  auto year = year_param(q);
  if (!year) return app.error(ctx, year.error());
  f.year = *year;
  auto c = id_param(q, "case");
  if (!c) return app.error(ctx, c.error());
  f.case_id = *c;
  json items = json::array();
  for (const auto& i : app.store().investigations().list(f)) items.push_back(to_json(i));
  return json_ok(200, {{"items", items}});
}

HttpResponse create_investigation(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  InvestigationInput in;
  if (auto st = overlay_json(in, *body); !st) return app.error(ctx, st.error());
  auto i = validate_investigation(in, app.settings(), app.today());
  if (!i) return app.error(ctx, i.error());
  auto saved = app.store().investigations().create(*i, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  HttpResponse res = json_ok(201, to_json(*saved));
  res.header("Location", "/api/v1/investigations/" + std::to_string(saved->id));
  return res;
}

HttpResponse get_investigation(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("investigation.not_found"));
  auto i = app.store().investigations().get(*id);
  if (!i) return app.error(ctx, i.error());
  json j = to_json(*i);
  json history = json::array();
  for (const auto& h : app.store().investigations().history(*id)) history.push_back(to_json(h));
  j["history"] = history;
  RecommendationFilter rf;
  rf.investigation_id = *id;
  rf.today = app.today();
  json recs = json::array();
  for (const auto& r : app.store().recommendations().list(rf)) {
    recs.push_back({{"id", r.id}, {"number", r.number}, {"status", to_code(r.status)}});
  }
  j["recommendations"] = recs;
  return json_ok(200, j);
}

HttpResponse patch_investigation(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("investigation.not_found"));
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  auto version = body_version(*body);
  if (!version) return app.error(ctx, version.error());
  auto current = app.store().investigations().get(*id);
  if (!current) return app.error(ctx, current.error());
  InvestigationInput in = to_input(*current);
  if (auto st = overlay_json(in, *body); !st) return app.error(ctx, st.error());
  auto updated = validate_investigation(in, app.settings(), app.today());
  if (!updated) return app.error(ctx, updated.error());
  updated->id = current->id;
  updated->number = current->number;
  updated->version = version->value_or(current->version);
  auto changes = diff(*current, *updated);
  if (changes.empty() && updated->version == current->version) return json_ok(200, to_json(*current));
  auto saved = app.store().investigations().update(*updated, changes, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  return json_ok(200, to_json(*saved));
}

HttpResponse delete_investigation(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("investigation.not_found"));
  auto st = app.store().investigations().remove(*id, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse{204, {}, ""};
}

// ----------------------------------------------------------------------------- activities --

HttpResponse list_activities(App& app, RequestContext& ctx) {
  if (!may(ctx, Permission::kReadCases)) {
    if (auto deny = app.deny_unless(ctx, Permission::kViewStatistics)) return *deny;
  }
  ActivityFilter f;
  const Params& q = ctx.req.query;
  FieldErrors errors;
  for (const char* key : {"from", "to"}) {
    if (auto v = q.find(key); v && !v->empty()) {
      auto d = Date::parse_iso(*v);
      if (!d) errors.add(key, "field.date");
      else (std::string(key) == "from" ? f.from : f.to) = *d;
    }
  }
  if (auto k = q.find("kind"); k && !k->empty()) {
    f.kind = parse_code<ActivityKind>(*k);
    if (!f.kind) errors.add("kind", "field.unknown_code");
  }
  if (auto d = q.find("department"); d && !d->empty()) f.department = *d;
  if (!errors.empty()) return app.error(ctx, errors.to_error());
  json items = json::array();
  for (const auto& a : app.store().activities().list(f)) items.push_back(to_json(a));
  return json_ok(200, {{"items", items}});
}

HttpResponse create_activity(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  ActivityInput in;
  if (auto st = overlay_json(in, *body); !st) return app.error(ctx, st.error());
  auto a = validate_activity(in, app.settings(), app.today());
  if (!a) return app.error(ctx, a.error());
  auto saved = app.store().activities().create(*a, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  HttpResponse res = json_ok(201, to_json(*saved));
  res.header("Location", "/api/v1/activities/" + std::to_string(saved->id));
  return res;
}

HttpResponse get_activity(App& app, RequestContext& ctx) {
  if (!may(ctx, Permission::kReadCases)) {
    if (auto deny = app.deny_unless(ctx, Permission::kViewStatistics)) return *deny;
  }
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("activity.not_found"));
  auto a = app.store().activities().get(*id);
  if (!a) return app.error(ctx, a.error());
  return json_ok(200, to_json(*a));
}

HttpResponse patch_activity(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("activity.not_found"));
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  auto version = body_version(*body);
  if (!version) return app.error(ctx, version.error());
  auto current = app.store().activities().get(*id);
  if (!current) return app.error(ctx, current.error());
  ActivityInput in = to_input(*current);
  if (auto st = overlay_json(in, *body); !st) return app.error(ctx, st.error());
  auto updated = validate_activity(in, app.settings(), app.today());
  if (!updated) return app.error(ctx, updated.error());
  updated->id = current->id;
  updated->version = version->value_or(current->version);
  auto saved = app.store().activities().update(*updated, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  return json_ok(200, to_json(*saved));
}

HttpResponse delete_activity(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("activity.not_found"));
  auto st = app.store().activities().remove(*id, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse{204, {}, ""};
}

// ----------------------------------------------------------------------------- complaints --

HttpResponse list_complaints(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id || !app.store().cases().exists(*id)) return app.error(ctx, Error::not_found("case.not_found"));
  json items = json::array();
  for (const auto& c : app.store().complaints().for_case(*id)) items.push_back(to_json(c));
  return json_ok(200, {{"items", items}});
}

HttpResponse create_complaint(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id || !app.store().cases().exists(*id)) return app.error(ctx, Error::not_found("case.not_found"));
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  ComplaintInput in;
  if (auto st = overlay_json(in, *body); !st) return app.error(ctx, st.error());
  auto c = validate_complaint(in, app.letters().rules, app.settings(), app.today());
  if (!c) return app.error(ctx, c.error());
  c->case_id = *id;
  auto saved = app.store().complaints().create(*c, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  HttpResponse res = json_ok(201, to_json(*saved));
  res.header("Location", "/api/v1/complaints/" + std::to_string(saved->id));
  return res;
}

HttpResponse get_complaint(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("complaint.not_found"));
  auto c = app.store().complaints().get(*id);
  if (!c) return app.error(ctx, c.error());
  return json_ok(200, to_json(*c));
}

HttpResponse patch_complaint(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("complaint.not_found"));
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  auto version = body_version(*body);
  if (!version) return app.error(ctx, version.error());
  auto current = app.store().complaints().get(*id);
  if (!current) return app.error(ctx, current.error());
  ComplaintInput in = to_input(*current);
  if (auto st = overlay_json(in, *body); !st) return app.error(ctx, st.error());
  auto updated = validate_complaint(in, app.letters().rules, app.settings(), app.today());
  if (!updated) return app.error(ctx, updated.error());
  updated->id = current->id;
  updated->case_id = current->case_id;
  updated->version = version->value_or(current->version);
  auto saved = app.store().complaints().update(*updated, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  return json_ok(200, to_json(*saved));
}

HttpResponse delete_complaint(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("complaint.not_found"));
  auto st = app.store().complaints().remove(*id, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse{204, {}, ""};
}

// Reversal rates (omgørelsesprocent) per department × area; aggregate, so managers may see it.
HttpResponse complaint_reversals(App& app, RequestContext& ctx) {
  if (!may(ctx, Permission::kReadCases)) {
    if (auto deny = app.deny_unless(ctx, Permission::kViewStatistics)) return *deny;
  }
  std::optional<StatPeriod> period;
  if (auto p = ctx.req.query.find("period"); p && !p->empty()) {
    auto parsed = parse_stat_period(*p);
    if (!parsed) return app.error(ctx, parsed.error());
    period = *parsed;
  }
  json items = json::array();
  for (const auto& c : app.store().complaints().reversal_counts(period)) {
    items.push_back({{"department", c.department},
                     {"area", c.area},
                     {"decided", c.decided},
                     {"reversed", c.reversed},
                     {"rate", c.decided ? static_cast<double>(c.reversed) / c.decided : 0.0}});
  }
  return json_ok(200, {{"period", period ? json(period->label) : json(nullptr)}, {"items", items}});
}

// ----------------------------------------------------------------------------------- themes --

HttpResponse list_case_themes(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id || !app.store().cases().exists(*id)) return app.error(ctx, Error::not_found("case.not_found"));
  json items = json::array();
  for (const auto& t : app.store().cases().themes(*id)) items.push_back(to_json(t));
  return json_ok(200, {{"items", items}});
}

// {"theme":"partshoering","department":"Jobcenter","criticism":true,"criticism_text":"…"}
HttpResponse set_case_theme(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  FieldErrors errors;
  CaseTheme t;
  t.source = "manual";
  for (const auto& [key, value] : body->items()) {
    if (key == "theme" || key == "department" || key == "criticism_text") {
      if (!value.is_string()) {
        errors.add(key, "field.expected_string");
        continue;
      }
      (key == "theme" ? t.theme : key == "department" ? t.department : t.criticism_text) = value.get<std::string>();
    } else if (key == "criticism") {
      if (!value.is_boolean()) errors.add(key, "field.expected_boolean");
      else t.criticism = value.get<bool>();
    } else {
      errors.add(key, "field.unknown");
    }
  }
  if (!body->contains("criticism") && !body->contains("criticism_text") && !t.theme.empty()) {
    // Absent criticism members leave the stored criticism as it is.
    if (auto current = theme_on_case(app, *id, t.theme, t.department)) {
      t.criticism = current->criticism;
      t.criticism_text = current->criticism_text;
    }
  }
  if (t.theme.empty() && !errors.has("theme")) errors.add("theme", "field.required");
  if (!t.department.empty() && !app.settings().has_department(t.department)) {
    errors.add("department", "case.department_unknown");
  }
  if (t.criticism && t.criticism_text.empty()) errors.add("criticism_text", "theme.criticism_needs_text");
  if (t.criticism_text.size() > kMaxLongText) errors.add("criticism_text", "field.too_long");
  if (!errors.empty()) return app.error(ctx, errors.to_error());
  if (!t.criticism) t.criticism_text.clear();
  if (!may(ctx, Permission::kCriticise) && changes_criticism(app, *id, t.theme, t.department, t)) {
    return app.error(ctx, Error::forbidden("case.criticism_not_allowed"));
  }
  auto st = app.store().cases().set_theme(*id, t, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  json items = json::array();
  for (const auto& x : app.store().cases().themes(*id)) items.push_back(to_json(x));
  return json_ok(200, {{"items", items}});
}

// DELETE /api/v1/cases/:id/themes?theme=…&department=…
HttpResponse remove_case_theme(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  const std::string theme = ctx.req.query.get("theme");
  if (theme.empty()) return app.error(ctx, Error::field(ErrorCode::kInvalid, "theme", "field.required"));
  if (!may(ctx, Permission::kCriticise) && changes_criticism(app, *id, theme, ctx.req.query.get("department"), std::nullopt)) {
    return app.error(ctx, Error::forbidden("case.criticism_not_allowed"));
  }
  auto st = app.store().cases().remove_theme(*id, theme, ctx.req.query.get("department"), ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse{204, {}, ""};
}

HttpResponse list_themes(App& app, RequestContext& ctx) {
  if (!ctx.user) return app.error(ctx, Error{ErrorCode::kUnauthorized, "auth.required", {}});
  json items = json::array();
  for (const auto& t : app.store().themes().list()) {
    items.push_back({{"code", t.code}, {"label", t.label}, {"active", t.active}, {"position", t.position}});
  }
  return json_ok(200, {{"items", items}});
}

// {"code":"boligstoette","label":"Boligstøtte","active":true}
HttpResponse save_theme(App& app, RequestContext& ctx) {
  if (!may(ctx, Permission::kAdminUsers)) {
    if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  }
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  ThemeDef t;
  FieldErrors errors;
  for (const auto& [key, value] : body->items()) {
    if (key == "code" || key == "label") {
      if (!value.is_string()) errors.add(key, "field.expected_string");
      else (key == "code" ? t.code : t.label) = value.get<std::string>();
    } else if (key == "active") {
      if (!value.is_boolean()) errors.add(key, "field.expected_boolean");
      else t.active = value.get<bool>();
    } else {
      errors.add(key, "field.unknown");
    }
  }
  if (!errors.empty()) return app.error(ctx, errors.to_error());
  auto st = app.store().themes().save(t, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return list_themes(app, ctx);
}

// ---------------------------------------------------------------------------------- signals --

// GET /api/v1/signals?period=2024Q3[&include_dismissed=1]; default: the current quarter.
HttpResponse get_signals(App& app, RequestContext& ctx) {
  const bool full = may(ctx, Permission::kReadCases);
  if (!full) {
    if (auto deny = app.deny_unless(ctx, Permission::kViewStatistics)) return *deny;
  }
  StatPeriod period = quarter_of(app.today());
  if (auto p = ctx.req.query.find("period"); p && !p->empty()) {
    auto parsed = parse_stat_period(*p);
    if (!parsed) return app.error(ctx, parsed.error());
    period = *parsed;
  }
  SignalReportOptions o;
  o.with_cases = full;
  o.include_dismissed = flag(ctx.req.query, "include_dismissed");
  auto report = build_signal_report(app.store(), period, ctx.actor(), o);
  return json_ok(200, signal_report_json(report, full));
}

// POST /api/v1/signals/dismissals {"key":…,"note":…}
HttpResponse dismiss_signal(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto body = body_object(ctx);
  if (!body) return app.error(ctx, body.error());
  FieldErrors errors;
  std::string key, note;
  for (const auto& [k, v] : body->items()) {
    if (k != "key" && k != "note") {
      errors.add(k, "field.unknown");
    } else if (!v.is_string()) {
      errors.add(k, "field.expected_string");
    } else {
      (k == "key" ? key : note) = v.get<std::string>();
    }
  }
  if (note.empty() && !errors.has("note")) errors.add("note", "field.required");
  if (note.size() > kMaxLongText) errors.add("note", "field.too_long");
  const auto colon = key.find(':');
  if (key.empty() || colon == std::string::npos) {
    if (!errors.has("key")) errors.add("key", "signal.unknown");
  }
  if (!errors.empty()) return app.error(ctx, errors.to_error());
  auto period = parse_stat_period(key.substr(0, colon));
  if (!period) return app.error(ctx, Error::field(ErrorCode::kInvalid, "key", "signal.unknown"));
  SignalReportOptions o;
  o.include_dismissed = true;
  auto report = build_signal_report(app.store(), *period, ctx.actor(), o);
  auto size = signal_size(report, key);
  if (!size) return app.error(ctx, Error::field(ErrorCode::kNotFound, "key", "signal.unknown"));
  SignalDismissal d{key, *size, note, ctx.user->name, ""};
  auto st = app.store().stats().dismiss(d, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return json_ok(201, {{"key", key}, {"observed", *size}, {"note", note}});
}

}  // namespace

void add_systemic_api_routes(std::vector<App::Route>& r) {
  using A = App::Access;
  const auto add = [&](Method m, const char* pattern, App::Handler h) { r.push_back({m, pattern, std::move(h), A::kSignedIn, 0}); };
  add(Method::kGet, "/api/v1/recommendations", list_recommendations);
  add(Method::kPost, "/api/v1/recommendations", create_recommendation);
  add(Method::kGet, R"(/api/v1/recommendations/:id(\d+))", get_recommendation);
  add(Method::kPatch, R"(/api/v1/recommendations/:id(\d+))", patch_recommendation);
  add(Method::kDelete, R"(/api/v1/recommendations/:id(\d+))", delete_recommendation);
  add(Method::kGet, "/api/v1/investigations", list_investigations);
  add(Method::kPost, "/api/v1/investigations", create_investigation);
  add(Method::kGet, R"(/api/v1/investigations/:id(\d+))", get_investigation);
  add(Method::kPatch, R"(/api/v1/investigations/:id(\d+))", patch_investigation);
  add(Method::kDelete, R"(/api/v1/investigations/:id(\d+))", delete_investigation);
  add(Method::kGet, "/api/v1/activities", list_activities);
  add(Method::kPost, "/api/v1/activities", create_activity);
  add(Method::kGet, R"(/api/v1/activities/:id(\d+))", get_activity);
  add(Method::kPatch, R"(/api/v1/activities/:id(\d+))", patch_activity);
  add(Method::kDelete, R"(/api/v1/activities/:id(\d+))", delete_activity);
  add(Method::kGet, R"(/api/v1/cases/:id(\d+)/complaints)", list_complaints);
  add(Method::kPost, R"(/api/v1/cases/:id(\d+)/complaints)", create_complaint);
  add(Method::kGet, R"(/api/v1/complaints/:id(\d+))", get_complaint);
  add(Method::kPatch, R"(/api/v1/complaints/:id(\d+))", patch_complaint);
  add(Method::kDelete, R"(/api/v1/complaints/:id(\d+))", delete_complaint);
  add(Method::kGet, "/api/v1/complaints/reversals", complaint_reversals);
  add(Method::kGet, R"(/api/v1/cases/:id(\d+)/themes)", list_case_themes);
  add(Method::kPost, R"(/api/v1/cases/:id(\d+)/themes)", set_case_theme);
  add(Method::kDelete, R"(/api/v1/cases/:id(\d+)/themes)", remove_case_theme);
  add(Method::kGet, "/api/v1/themes", list_themes);
  add(Method::kPost, "/api/v1/themes", save_theme);
  add(Method::kGet, "/api/v1/signals", get_signals);
  add(Method::kPost, "/api/v1/signals/dismissals", dismiss_signal);
}

}  // namespace bb::web
