// Public guidance pages (/vejledning, /vejledning/<slug>), the accessibility statement
// (/tilgaengelighed), the language switch (/sprog) and the settings page where the office edits
// those texts (/indstillinger/tekster). The shipped texts are data/guidance.json; the office's
// versions live in PageTextStore, per language.
#include "render/markup.h"
#include "service/pages.h"
#include "web/app.h"
#include "web/cookies.h"
#include "web/forms.h"
#include "web/page_helpers.h"

namespace bb::web {
namespace {

using nlohmann::json;
using O = FormView::Opts;

json page_data(RequestContext& ctx, const PageView& v) {
  json data = {{"title", v.title},
               {"summary", v.summary},
               {"body_html", render::markup_html(v.body)},
               {"public", !ctx.user.has_value()}};
  // Shipped in Danish only: the text says so with its own language.
  if (v.lang != ctx.lang) data["content_lang"] = v.lang;
  return data;
}

HttpResponse guidance_index(App& app, RequestContext& ctx) {
  json items = json::array();
  for (const auto& p : app.config().pages) {
    if (p.slug == kAccessibilitySlug) continue;
    auto v = public_page(app.store(), app.config().pages, p.slug, ctx.lang);
    if (!v) continue;
    items.push_back({{"href", "/vejledning/" + p.slug}, {"title", v->title}, {"summary", v->summary},
                     {"lang", v->lang != ctx.lang ? v->lang : ""}});
  }
  return app.page(ctx, 200, "guidance_index",
                  {{"title", app.text(ctx, "guidance.title")}, {"items", items}, {"public", !ctx.user.has_value()}});
}

HttpResponse guidance_page(App& app, RequestContext& ctx) {
  const std::string slug(ctx.req.path_param("slug"));
  if (slug == kAccessibilitySlug) return HttpResponse::redirect("/tilgaengelighed");
  auto v = public_page(app.store(), app.config().pages, slug, ctx.lang);
  if (!v) return app.error(ctx, Error::not_found("error.page_not_found"));
  return app.page(ctx, 200, "guidance_page", page_data(ctx, *v));
}

HttpResponse accessibility_page(App& app, RequestContext& ctx) {
  auto v = public_page(app.store(), app.config().pages, kAccessibilitySlug, ctx.lang);
  if (!v) return app.error(ctx, Error::not_found("error.page_not_found"));
  return app.page(ctx, 200, "guidance_page", page_data(ctx, *v));
}

// GET /sprog?til=en&tilbage=/kontakt: a plain preference cookie (no identifier, one year), then
// back to the page. Only a path of this site is followed.
HttpResponse language_switch(App& app, RequestContext& ctx) {
  const std::string lang = ctx.req.query.get("til") == "en" ? "en" : "da";
  std::string back = ctx.req.query.get("tilbage");
  if (back.empty() || back[0] != '/' || (back.size() > 1 && (back[1] == '/' || back[1] == '\\')) ||
      back.find_first_of("\r\n") != std::string::npos) {
    back = "/";
  }
  CookieOptions o;
  o.secure = app.config().secure_cookies;
  o.max_age = 365 * 24 * 3600;
  o.http_only = false;
  ctx.set_cookies.push_back(set_cookie("bb_lang", lang, o));
  return HttpResponse::redirect(back);
}

// --- the office edits the texts ---------------------------------------------------------------

bool may_edit(const RequestContext& ctx) {
  return ctx.user && (has_permission(ctx.user->role, Permission::kPublish) ||
                      has_permission(ctx.user->role, Permission::kAdminUsers));
}

std::optional<HttpResponse> deny_edit(App& app, RequestContext& ctx) {
  if (may_edit(ctx)) return std::nullopt;
  return app.deny_unless(ctx, Permission::kPublish);
}

HttpResponse texts_get(App& app, RequestContext& ctx) {
  if (auto deny = deny_edit(app, ctx)) return *deny;
  json items = json::array();
  for (const auto& p : app.config().pages) {
    json langs = json::array();
    for (const char* lang : {"da", "en"}) {
      const bool own = app.store().pages().get(p.slug, lang).has_value();
      langs.push_back({{"href", "/indstillinger/tekster/" + p.slug + "/" + lang},
                       {"label", app.text(ctx, std::string("texts.lang_") + lang)},
                       {"state", app.text(ctx, own ? "texts.own" : "texts.shipped")}});
    }
    items.push_back({{"title", ctx.lang == "en" && !p.title_en.empty() ? p.title_en : p.title}, {"slug", p.slug},
                     {"langs", langs}});
  }
  return app.page(ctx, 200, "texts", {{"title", app.text(ctx, "texts.title")}, {"items", items}});
}

HttpResponse text_form(App& app, RequestContext& ctx, int status, const std::string& slug, const std::string& lang,
                       const PageView& v, const std::map<std::string, std::string>& errors) {
  FormView form(app, ctx, errors);
  json data = {{"title", fill(app.text(ctx, "texts.edit_title"), "page", v.title)},
               {"action", "/indstillinger/tekster/" + slug + "/" + lang},
               {"view_href", slug == kAccessibilitySlug ? "/tilgaengelighed" : "/vejledning/" + slug},
               {"edited", v.edited}};
  data["f_title"] = form.input("title", "texts.field_title", v.title, O{"text", "", true, false, "off", 6, true});
  O summary;
  summary.optional = true;
  summary.rows = 2;
  data["f_summary"] = form.textarea("summary", "texts.field_summary", v.summary, summary);
  O body;
  body.required = true;
  body.rows = 24;
  body.hint = "texts.body_hint";
  data["f_body"] = form.textarea("body", "texts.field_body", v.body, body);
  form.summarise(data);
  return app.page(ctx, status, "text_edit", data);
}

HttpResponse text_get(App& app, RequestContext& ctx) {
  if (auto deny = deny_edit(app, ctx)) return *deny;
  const std::string slug(ctx.req.path_param("slug")), lang(ctx.req.path_param("lang"));
  auto v = public_page(app.store(), app.config().pages, slug, lang);
  if (!v) return app.error(ctx, Error::not_found("error.page_not_found"));
  return text_form(app, ctx, 200, slug, lang, *v, {});
}

HttpResponse text_post(App& app, RequestContext& ctx) {
  if (auto deny = deny_edit(app, ctx)) return *deny;
  const std::string slug(ctx.req.path_param("slug")), lang(ctx.req.path_param("lang"));
  auto v = public_page(app.store(), app.config().pages, slug, lang);
  if (!v) return app.error(ctx, Error::not_found("error.page_not_found"));
  if (ctx.req.form.get("reset") == "1") {
    auto st = app.store().pages().reset(slug, lang, ctx.actor());
    if (!st) return app.error(ctx, st.error());
    return HttpResponse::redirect("/indstillinger/tekster?ok=text_reset");
  }
  PageText t{slug, lang, ctx.req.form.get("title"), ctx.req.form.get("summary"), ctx.req.form.get("body"), "", ""};
  auto st = app.store().pages().save(t, ctx.actor());
  if (!st) {
    PageView typed{slug, lang, t.title, t.summary, t.body, v->edited};
    std::map<std::string, std::string> errors;
    merge_errors(errors, st.error(), "body");
    return text_form(app, ctx, 400, slug, lang, typed, errors);
  }
  return HttpResponse::redirect("/indstillinger/tekster?ok=text_saved");
}

}  // namespace

void add_guidance_pages(std::vector<App::Route>& r) {
  using A = App::Access;
  r.push_back({Method::kGet, "/vejledning", guidance_index, A::kPublic, 0});
  r.push_back({Method::kGet, R"(/vejledning/:slug([a-z0-9-]{1,40}))", guidance_page, A::kPublic, 0});
  r.push_back({Method::kGet, "/tilgaengelighed", accessibility_page, A::kPublic, 0});
  r.push_back({Method::kGet, "/sprog", language_switch, A::kOpen, 0});
  r.push_back({Method::kGet, "/indstillinger/tekster", texts_get, A::kSignedIn, 0});
  r.push_back({Method::kGet, R"(/indstillinger/tekster/:slug([a-z0-9-]{1,40})/:lang(da|en))", text_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/indstillinger/tekster/:slug([a-z0-9-]{1,40})/:lang(da|en))", text_post, A::kSignedIn, 0});
}

}  // namespace bb::web
