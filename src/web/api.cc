// JSON API under /api/v1 (docs/openapi.yaml). Each handler: parse → load → domain → save → JSON.
#include <cctype>

#include "render/renderer.h"
#include "web/app.h"
#include "web/case_json.h"
#include "web/shared_handlers.h"

namespace bb::web {
namespace {

using nlohmann::json;

HttpResponse json_ok(int status, const json& body) {
  return HttpResponse::json(status, render::dump_json(body));
}

std::optional<HttpResponse> utf8_guard(App& app, RequestContext& ctx) {
  if (!valid_utf8(ctx.req.body)) {
    return app.error(ctx, Error::field(ErrorCode::kInvalid, "body", "request.utf8"));
  }
  return std::nullopt;
}

// A case may be assigned only to an active user whose role handles cases.
bool may_be_assigned(App& app, int64_t user_id) {
  auto u = app.store().users().get(user_id);
  return u && u->active && has_permission(u->role, Permission::kWriteCases);
}

HttpResponse create_case(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  if (auto bad = utf8_guard(app, ctx)) return *bad;
  auto body = parse_json_object(ctx.req.body);
  if (!body) return app.error(ctx, body.error());
  auto draft = case_draft_from_json(*body);
  if (!draft) return app.error(ctx, draft.error());
  auto settings = app.settings();
  auto c = validate_new_case(*draft, settings, app.today());
  if (!c) return app.error(ctx, c.error());
  if (c->assignee_id && !may_be_assigned(app, *c->assignee_id)) {
    return app.error(ctx, Error::field(ErrorCode::kInvalid, "assignee_id", "case.assignee_unknown"));
  }
  auto saved = app.store().cases().create(*c, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  HttpResponse res = json_ok(201, case_to_json(*saved, CprView::kFull));
  res.header("Location", "/api/v1/cases/" + std::to_string(saved->id));
  return res;
}

HttpResponse get_case(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  auto record = app.store().cases().read_record(*id, ctx.actor());
  if (!record) return app.error(ctx, record.error());
  json j = case_to_json(record->c, CprView::kFull);
  j["journal"] = json::array();
  for (const auto& e : record->journal) j["journal"].push_back(journal_to_json(e));
  j["attachments"] = json::array();
  for (const auto& a : record->attachments) j["attachments"].push_back(attachment_to_json(a));
  return json_ok(200, j);
}

HttpResponse patch_case(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  if (auto bad = utf8_guard(app, ctx)) return *bad;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  auto body = parse_json_object(ctx.req.body);
  if (!body) return app.error(ctx, body.error());
  auto current = app.store().cases().get(*id, ctx.actor());
  if (!current) return app.error(ctx, current.error());
  auto patch = case_patch_from_json(*body, current->citizen);
  if (!patch) return app.error(ctx, patch.error());
  if (body->contains("version")) {
    const auto& v = (*body)["version"];
    if (!v.is_number_integer()) {
      return app.error(ctx, Error::field(ErrorCode::kInvalid, "version", "field.expected_integer"));
    }
    if (v.get<int64_t>() != current->version) {
      return app.error(ctx, Error::conflict("case.version_conflict"));
    }
  }
  if (patch->assignee_id && *patch->assignee_id && !may_be_assigned(app, **patch->assignee_id)) {
    return app.error(ctx, Error::field(ErrorCode::kInvalid, "assignee_id", "case.assignee_unknown"));
  }
  auto update = apply_patch(*current, *patch, app.settings(), app.today(),
                            has_permission(ctx.user->role, Permission::kCriticise));
  if (!update) return app.error(ctx, update.error());
  if (!update->changed) return json_ok(200, case_to_json(*current, CprView::kFull));
  auto saved = app.store().cases().update(*update, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  return json_ok(200, case_to_json(*saved, CprView::kFull));
}

HttpResponse list_cases(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto filter = filter_from_query(ctx.req.query);
  if (!filter) return app.error(ctx, filter.error());
  auto page = app.store().cases().list(*filter, ctx.actor());
  if (!page) return app.error(ctx, page.error());
  json items = json::array();
  for (const auto& c : page->items) items.push_back(case_to_json(c, CprView::kMasked));
  return json_ok(200, {{"items", items}, {"next", page->next.empty() ? json(nullptr) : json(page->next)}});
}

HttpResponse add_journal(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  if (auto bad = utf8_guard(app, ctx)) return *bad;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  auto body = parse_json_object(ctx.req.body);
  if (!body) return app.error(ctx, body.error());
  auto draft = journal_draft_from_json(*body);
  if (!draft) return app.error(ctx, draft.error());
  auto entry = validate_journal(*draft);
  if (!entry) return app.error(ctx, entry.error());
  auto saved = app.store().journal().append(*id, *entry, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  return json_ok(201, journal_to_json(*saved));
}

HttpResponse add_attachment(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  if (ctx.req.files.size() != 1) {
    return app.error(ctx, Error::field(ErrorCode::kInvalid, "file", "attachment.one_file"));
  }
  const auto& f = ctx.req.files.front();
  auto saved = app.store().attachments().add(*id, f.filename, f.content, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  return json_ok(201, attachment_to_json(*saved));
}

HttpResponse list_audit(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kViewAudit)) return *deny;
  AuditFilter f;
  if (auto c = ctx.req.query.find("case"); c && !c->empty()) {
    auto id = parse_id(*c);
    if (!id) return app.error(ctx, Error::field(ErrorCode::kInvalid, "case", "field.expected_id"));
    f.case_id = *id;
    if (!app.store().cases().exists(*id)) return app.error(ctx, Error::not_found("case.not_found"));
  } else {
    return app.error(ctx, Error::field(ErrorCode::kInvalid, "case", "field.required"));
  }
  json items = json::array();
  for (const auto& e : app.store().audit().list(f)) items.push_back(audit_to_json(e));
  return json_ok(200, {{"items", items}});
}

}  // namespace

// Shared with the staff pages: sends an attachment as a download.
HttpResponse send_attachment(App& app, RequestContext& ctx, int64_t case_id, int64_t attachment_id) {
  auto a = app.store().attachments().read(case_id, attachment_id, ctx.actor());
  if (!a) return app.error(ctx, a.error());
  HttpResponse res{200, {}, std::move(a->second)};
  res.header("Content-Type", a->first.mime);
  // RFC 6266 with an ASCII fallback and the UTF-8 name percent-encoded.
  std::string ascii, encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : a->first.filename) {
    ascii.push_back(c < 0x80 && c >= 0x20 && c != '"' && c != '\\' ? static_cast<char>(c) : '_');
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  res.header("Content-Disposition",
             "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
  return res;
}

namespace {
HttpResponse get_attachment(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  auto aid = parse_id(ctx.req.path_param("aid"));
  if (!id || !aid) return app.error(ctx, Error::not_found("attachment.not_found"));
  return send_attachment(app, ctx, *id, *aid);
}
}  // namespace

void add_api_routes(std::vector<App::Route>& r) {
  using A = App::Access;
  r.push_back({Method::kGet, R"(/api/v1/cases/:id(\d+))", get_case, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/api/v1/cases", create_case, A::kSignedIn, 0});
  r.push_back({Method::kGet, "/api/v1/cases", list_cases, A::kSignedIn, 0});
  r.push_back({Method::kPatch, R"(/api/v1/cases/:id(\d+))", patch_case, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/api/v1/cases/:id(\d+)/journal)", add_journal, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/api/v1/cases/:id(\d+)/attachments)", add_attachment, A::kSignedIn,
               kUploadBodyLimit});
  r.push_back({Method::kGet, R"(/api/v1/cases/:id(\d+)/attachments/:aid(\d+))", get_attachment,
               A::kSignedIn, 0});
  r.push_back({Method::kGet, "/api/v1/audit", list_audit, A::kSignedIn, 0});
}

}  // namespace bb::web
