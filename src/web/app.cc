#include "web/app.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "render/renderer.h"
#include "web/cookies.h"
#include "web/page_helpers.h"

namespace bb::web {
namespace {

constexpr const char* kSessionCookie = "bb_session";
constexpr const char* kCsrfCookie = "bb_csrf";

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid: return 400;
    case ErrorCode::kUnprocessable: return 422;
    case ErrorCode::kUnauthorized: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kStorageFull: return 507;
  }
  return 500;
}

bool unsafe(Method m) { return m == Method::kPost || m == Method::kPatch || m == Method::kPut || m == Method::kDelete; }

// Navigation for the signed-in role: only what the role may open.
// A site path for a query value: everything but unreserved characters and "/" percent-encoded.
std::string percent_path(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

nlohmann::json nav_for(const App& app, const RequestContext& ctx) {
  nlohmann::json nav = nlohmann::json::array();
  if (!ctx.user) return nav;
  auto item = [&](const char* href, const char* key) {
    nav.push_back({{"href", href},
                   {"label", app.renderer().messages().text(ctx.lang, key)},
                   {"current", ctx.req.path == href ||
                                   (std::string(href) != "/oversigt" &&
                                    ctx.req.path.rfind(std::string(href) + "/", 0) == 0)}});
  };
  const Role r = ctx.user->role;
  item("/oversigt", "nav.dashboard");
  if (has_permission(r, Permission::kReadCases)) {
    item("/sager", "nav.cases");
    item("/sager/ny", "nav.new_case");
  }
  if (has_permission(r, Permission::kReadCases) || has_permission(r, Permission::kViewStatistics)) {
    item("/signaler", "nav.signals");
    item("/henstillinger", "nav.recommendations");
  }
  if (has_permission(r, Permission::kReadCases)) item("/undersoegelser", "nav.investigations");
  if (has_permission(r, Permission::kReadCases) || has_permission(r, Permission::kViewStatistics)) {
    item("/aktiviteter", "nav.activities");
  }
  if (has_permission(r, Permission::kCriticise) || has_permission(r, Permission::kAdminUsers)) {
    item("/temaer", "nav.themes");
  }
  if (has_permission(r, Permission::kReadCases) || has_permission(r, Permission::kViewStatistics)) {
    item("/aarsberetning", "nav.report");
    item("/statistik", "nav.statistics");
  }
  if (has_permission(r, Permission::kPublish) || has_permission(r, Permission::kAdminUsers)) {
    item("/indstillinger/tekster", "nav.texts");
  }
  if (has_permission(r, Permission::kWriteCases)) {
    item("/tilfredshed", "nav.surveys");
  } else if (has_permission(r, Permission::kViewStatistics)) {
    item("/tilfredshed/resultater", "nav.surveys");
  }
  if (has_permission(r, Permission::kAdminUsers)) {
    item("/brugere", "nav.users");
    item("/indstillinger", "nav.settings");
  }
  return nav;
}

}  // namespace

Actor RequestContext::actor() const {
  if (!user) return Actor::public_web(req.remote_ip);
  return Actor{user->id, user->name, user->role, req.remote_ip};
}

App::App(Store& store, const Clock& clock, const render::Renderer& renderer, const extract::LetterData& letters,
         const extract::TextExtractor& extractor, WebConfig config)
    : store_(store),
      clock_(clock),
      renderer_(renderer),
      letters_(letters),
      extractor_(extractor),
      config_(std::move(config)),
      login_limiter_(config_.login_attempts_per_ip_per_minute, std::chrono::seconds(60)),
      contact_limiter_(config_.contact_posts_per_ip_per_hour, std::chrono::seconds(3600)),
      survey_limiter_(config_.survey_posts_per_ip_per_hour, std::chrono::seconds(3600)) {
  add_ops_routes(routes_);  // hot and simple first
  add_api_routes(routes_);
  add_staff_routes(routes_);
  add_public_routes(routes_);
  add_admin_routes(routes_);
  add_letter_routes(routes_);
  add_systemic_api_routes(routes_);
  add_systemic_routes(routes_);
}

MunicipalitySettings App::settings() {
  {
    std::shared_lock lock(settings_mu_);
    if (settings_) return *settings_;
  }
  auto loaded = store_.settings().load();
  std::unique_lock lock(settings_mu_);
  settings_ = loaded;
  return loaded;
}

void App::settings_changed() {
  std::unique_lock lock(settings_mu_);
  settings_.reset();
}

void App::resolve_identity(RequestContext& ctx) {
  const auto& req = ctx.req;
  const std::string auth = req.header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    auto token = store_.sessions().find_api_token(sha256_hex(auth.substr(7)));
    if (token) {
      auto user = store_.users().get(token->user_id);
      if (user && user->active) {
        ctx.user = *user;
        ctx.via_token = true;
      }
    }
    return;  // a wrong bearer token never falls back to a cookie
  }
  auto cookies = parse_cookies(req.header("cookie"));
  if (auto it = cookies.find(kSessionCookie); it != cookies.end() && !it->second.empty()) {
    const std::string hash = sha256_hex(it->second);
    auto session = store_.sessions().find_session(hash);
    if (session) {
      const Instant now = clock_.now();
      auto last = parse_utc(session->last_seen);
      if (!last || now - *last > config_.idle_timeout) {
        (void)store_.sessions().delete_session(hash);
      } else if (auto user = store_.users().get(session->user_id); user && user->active) {
        ctx.user = *user;
        ctx.session = *session;
        ctx.csrf = session->csrf_token;
        if (now - *last > std::chrono::seconds(60)) {
          (void)store_.sessions().touch_session(hash, format_utc(now));
        }
      }
    }
  }
  if (!ctx.session) {
    if (auto it = cookies.find(kCsrfCookie); it != cookies.end() && it->second.size() == 43) {
      ctx.csrf = it->second;
    } else {
      ctx.csrf = random_token();
      CookieOptions o;
      o.secure = config_.secure_cookies;
      ctx.set_cookies.push_back(set_cookie(kCsrfCookie, ctx.csrf, o));
    }
  }
  if (auto it = cookies.find("bb_lang"); it != cookies.end() && (it->second == "en" || it->second == "da")) {
    ctx.lang = it->second;
  }
}

bool App::csrf_ok(RequestContext& ctx) {
  if (!unsafe(ctx.req.method) || ctx.via_token) return true;
  std::string sent = ctx.req.header("x-csrf-token");
  if (sent.empty()) sent = ctx.req.form.get("_csrf");
  if (ctx.session) return constant_time_equal(sent, ctx.session->csrf_token);
  // Without a session: double-submit cookie, which must have come with the request.
  auto cookies = parse_cookies(ctx.req.header("cookie"));
  auto it = cookies.find(kCsrfCookie);
  return it != cookies.end() && !sent.empty() && constant_time_equal(sent, it->second);
}

std::optional<HttpResponse> App::deny_unless(RequestContext& ctx, Permission p) {
  if (!ctx.user) {
    if (ctx.api()) return error(ctx, Error{ErrorCode::kUnauthorized, "auth.required", {}});
    return HttpResponse::redirect("/login");
  }
  if (!has_permission(ctx.user->role, p)) {
    return error(ctx, Error{ErrorCode::kForbidden, "auth.forbidden", {}});
  }
  return std::nullopt;
}

void App::start_session(RequestContext& ctx, const User& user) {
  end_session(ctx);  // never keep a token that existed before sign-in (session fixation)
  const std::string token = random_token();
  const std::string now = format_utc(clock_.now());
  Session s{sha256_hex(token), user.id, random_token(), now, now};
  if (!store_.sessions().create_session(s)) throw std::runtime_error("could not create session");
  CookieOptions o;
  o.secure = config_.secure_cookies;
  ctx.set_cookies.push_back(set_cookie(kSessionCookie, token, o));
  ctx.session = s;
  ctx.user = user;
  ctx.csrf = s.csrf_token;
}

void App::end_session(RequestContext& ctx) {
  auto cookies = parse_cookies(ctx.req.header("cookie"));
  if (auto it = cookies.find(kSessionCookie); it != cookies.end() && !it->second.empty()) {
    (void)store_.sessions().delete_session(sha256_hex(it->second));
  }
  CookieOptions o;
  o.secure = config_.secure_cookies;
  o.max_age = 0;
  ctx.set_cookies.push_back(set_cookie(kSessionCookie, "", o));
  ctx.session.reset();
  ctx.user.reset();
}

HttpResponse App::error(RequestContext& ctx, const Error& e) {
  const int status = http_status(e.code);
  if (ctx.api() || ctx.req.path == "/healthz") {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [field, key] : e.fields) fields[field] = text(ctx, key);
    nlohmann::json body = {{"error",
                            {{"code", error_code_name(e.code)},
                             {"message", text(ctx, e.message)},
                             {"fields", fields}}}};
    HttpResponse res = HttpResponse::json(status, render::dump_json(body));
    if (status == 401) res.header("WWW-Authenticate", "Bearer realm=\"brobygger\"");
    return res;
  }
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [field, key] : e.fields) fields.push_back({{"field", field}, {"message", text(ctx, key)}});
  return page(ctx, status, "error",
              {{"title", text(ctx, "error.title_" + std::to_string(status))},
               {"message", text(ctx, e.message)},
               {"fields", fields},
               {"has_fields", !fields.empty()}});
}

HttpResponse App::page(RequestContext& ctx, int status, const std::string& name, nlohmann::json data) {
  const auto s = settings();
  data["lang"] = ctx.lang;
  data["csrf"] = ctx.csrf;
  data["office_name"] = s.office_name;
  data["municipality"] = s.municipality;
  if (!data.contains("public")) data["public"] = !ctx.user.has_value();
  if (ctx.user) {
    data["me"] = {{"name", ctx.user->name},
                  {"role", text(ctx, std::string("role.") + to_code(ctx.user->role))}};
  }
  data["nav"] = nav_for(*this, ctx);
  // The language switch: a link to the other language (not on the cookie-free survey pages,
  // which switch with ?lang=).
  if (!data.value("no_session", false)) {
    const bool en = ctx.lang == "en";
    // Back to the same page with its query (the receipt's number, a period), without a notice.
    // After a POST (a form with errors) the page's address alone.
    std::string back = ctx.req.path;
    char sep = '?';
    for (const auto& [k, v] : ctx.req.query.items()) {
      if (k == "ok" || ctx.req.method != Method::kGet) continue;
      back += sep + query_value(k) + "=" + query_value(v);
      sep = '&';
    }
    data["lang_switch"] = {{"href", std::string("/sprog?til=") + (en ? "da" : "en") + "&tilbage=" + percent_path(back)},
                           {"label", en ? "Dansk" : "English"},
                           {"lang", en ? "da" : "en"}};
  }
  const std::string notice = ctx.req.query.get("ok");
  if (!notice.empty() && notice.size() < 40 &&
      std::all_of(notice.begin(), notice.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; })) {
    data["notice"] = text(ctx, "notice." + notice);
  }
  data["content"] = renderer_.render(name, data, ctx.lang);
  return HttpResponse::html(status, renderer_.render("layout", data, ctx.lang));
}

void App::finish(RequestContext& ctx, HttpResponse& res) {
  for (auto& c : ctx.set_cookies) res.header("Set-Cookie", c);
  res.header("Content-Security-Policy",
             "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
             "object-src 'none'");
  res.header("X-Content-Type-Options", "nosniff");
  res.header("Referrer-Policy", "no-referrer");
  res.header("X-Frame-Options", "DENY");
  res.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  res.header("Cross-Origin-Opener-Policy", "same-origin");
  if (config_.secure_cookies) res.header("Strict-Transport-Security", "max-age=31536000");
  if (ctx.req.path.rfind("/static/", 0) != 0) res.header("Cache-Control", "no-store");
}

HttpResponse App::handle(const Route& route, HttpRequest& req) {
  const auto started = std::chrono::steady_clock::now();
  req.route = route.pattern;
  RequestContext ctx{req, {}, {}, false, "da", {}, {}};
  HttpResponse res;
  try {
    const size_t limit = route.max_body ? route.max_body
                         : ctx.api()    ? config_.max_json_body
                                        : config_.max_form_body;
    if (route.access == Access::kOpen) {
      res = route.handler(*this, ctx);
    } else if (route.access == Access::kAnonymous) {
      // The language from the query only: a cookie would be something stored on the device.
      if (req.query.get("lang") == "en") ctx.lang = "en";
      if (req.body.size() > limit) {
        res = error(ctx, Error::field(ErrorCode::kTooLarge, "body", "request.too_large"));
      } else if (req.body_parse_failed) {
        res = error(ctx, Error::invalid("request.malformed"));
      } else {
        res = route.handler(*this, ctx);
      }
    } else {
      resolve_identity(ctx);
      if (req.body.size() > limit) {
        res = error(ctx, Error::field(ErrorCode::kTooLarge, "body", "request.too_large"));
      } else if (req.body_parse_failed) {
        res = error(ctx, Error::invalid("request.malformed"));
      } else if (route.access == Access::kSignedIn && !ctx.user) {
        res = ctx.api() ? error(ctx, Error{ErrorCode::kUnauthorized, "auth.required", {}})
                        : HttpResponse::redirect("/login");
      } else if (!csrf_ok(ctx)) {
        res = error(ctx, Error{ErrorCode::kForbidden, "auth.csrf", {}});
      } else {
        res = route.handler(*this, ctx);
      }
    }
  } catch (const std::exception& e) {
    // The only place exceptions stop: log the fault (never request content), answer 500.
    spdlog::error("http: {} failed: {}", route.pattern, e.what());
    try {
      res = error(ctx, Error{ErrorCode::kInternal, "error.internal", {}});
    } catch (const std::exception&) {
      res = HttpResponse::text(500, "Intern fejl\n");
    }
  }
  finish(ctx, res);
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  metrics_.observe(route.pattern, res.status, took);
  // The route's pattern, never the path (which may hold ids); a slow answer points at a query
  // or a stalled write.
  if (took > std::chrono::seconds(2)) {
    spdlog::warn("http: slow answer: {} {} in {} ms", route.pattern, res.status, took.count() / 1000);
  }
  return res;
}

// A request no route took: 404, or 400 when the server could not read its path (the flag is
// set by the HTTP layer, web/server.cc).
HttpResponse App::handle_not_found(HttpRequest& req) {
  req.route = "(none)";
  RequestContext ctx{req, {}, {}, false, "da", {}, {}};
  HttpResponse res;
  try {
    resolve_identity(ctx);
    res = req.body_parse_failed ? error(ctx, Error::invalid("request.malformed"))
                                : error(ctx, Error::not_found("error.page_not_found"));
  } catch (const std::exception& e) {
    spdlog::error("http: not-found page failed: {}", e.what());
    res = req.body_parse_failed ? HttpResponse::text(400, "Forespørgslen kunne ikke læses.\n")
                                : HttpResponse::text(404, "Ikke fundet\n");
  }
  finish(ctx, res);
  metrics_.observe("(none)", res.status, std::chrono::microseconds(0));
  return res;
}

}  // namespace bb::web
