// The web application: routes, authentication, authorisation, CSRF, security headers,
// metrics and the exception boundary. Handlers follow one shape: parse → load → pure domain
// function → save → render. Independent of the HTTP library (see server.h).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/attachment.h"
#include "domain/clock.h"
#include "extract/letter_check.h"
#include "render/renderer.h"
#include "service/pages.h"
#include "store/store.h"
#include "web/http.h"
#include "web/metrics.h"
#include "web/query_filters.h"  // parse_id
#include "web/security.h"

namespace bb::web {

// Body limits. Routes that take a file allow an attachment of kMaxAttachmentBytes plus multipart
// overhead. The server drops anything above kHardBodyLimit; the contact form accepts up to that,
// so a file that is too large is reported at its field with everything else the citizen typed.
inline constexpr size_t kUploadBodyLimit = kMaxAttachmentBytes + (256u << 10);
inline constexpr size_t kHardBodyLimit = 27u << 20;

struct WebConfig {
  bool secure_cookies = false;          // set Secure on cookies (behind TLS)
  std::chrono::minutes idle_timeout{30};
  int max_failed_logins = 5;
  std::chrono::minutes lockout{15};
  int login_attempts_per_ip_per_minute = 20;
  int contact_posts_per_ip_per_hour = 10;
  // Survey answers: many employees answer from one town-hall address.
  int survey_posts_per_ip_per_hour = 300;
  size_t max_json_body = 1u << 20;        // 1 MiB
  size_t max_form_body = 1u << 20;
  std::string static_dir;               // share/static
  std::vector<Questionnaire> questionnaires;  // the built-in ones (data/questionnaires.json)
  std::vector<PublicPage> pages;              // the shipped guidance texts (data/guidance.json)
};

// What a handler knows about the request beyond HTTP.
struct RequestContext {
  HttpRequest& req;
  std::optional<User> user;
  std::optional<Session> session;
  bool via_token = false;
  std::string lang = "da";
  std::string csrf;                     // the token forms must carry
  std::vector<std::string> set_cookies;

  Actor actor() const;
  bool api() const { return req.path.rfind("/api/", 0) == 0; }
};

class App {
 public:
  using Handler = std::function<HttpResponse(App&, RequestContext&)>;
  // kOpen: no identity and no cookies (static files, health, metrics); kAnonymous: anyone,
  // never identified and never given a cookie, with body limits but no CSRF token (there is no
  // session to ride on; the survey answer pages, where one-time codes guard what needs it);
  // kPublic: anyone, with the visitor's session if any; kSignedIn: a signed-in user (401 for
  // the API, login page else).
  enum class Access { kOpen, kAnonymous, kPublic, kSignedIn };
  struct Route {
    Method method;
    std::string pattern;  // express style: /api/v1/cases/:id(\d+)
    Handler handler;
    Access access = Access::kSignedIn;
    size_t max_body = 0;  // 0 = the form/JSON default
  };

  App(Store& store, const Clock& clock, const render::Renderer& renderer, const extract::LetterData& letters,
      const extract::TextExtractor& extractor, WebConfig config);

  const std::vector<Route>& routes() const { return routes_; }
  // Runs a matched route: limits, session, CSRF, handler, security headers, metrics, and the
  // exception boundary (an exception becomes a logged 500 without details).
  HttpResponse handle(const Route& route, HttpRequest& req);
  HttpResponse handle_not_found(HttpRequest& req);

  // --- for handlers -----------------------------------------------------------------------
  Store& store() { return store_; }
  const Clock& clock() const { return clock_; }
  const render::Renderer& renderer() const { return renderer_; }
  const WebConfig& config() const { return config_; }
  const extract::LetterData& letters() const { return letters_; }
  const extract::TextExtractor& extractor() const { return extractor_; }
  Metrics& metrics() { return metrics_; }
  MunicipalitySettings settings();
  void settings_changed();
  Date today() const { return copenhagen_date(clock_.now()); }

  // Error as JSON ({"error":{code,message,fields}}) or as an HTML error page.
  HttpResponse error(RequestContext& ctx, const Error& e);
  // A full HTML page: `name` rendered inside the layout.
  HttpResponse page(RequestContext& ctx, int status, const std::string& name, nlohmann::json data);
  std::string text(const RequestContext& ctx, const std::string& key) const {
    return renderer_.messages().text(ctx.lang, key);
  }
  // Checks the permission; nullopt when allowed, else the 401/403 response.
  std::optional<HttpResponse> deny_unless(RequestContext& ctx, Permission p);
  // Signs the user in: new session (new token, never reusing one the client sent).
  void start_session(RequestContext& ctx, const User& user);
  void end_session(RequestContext& ctx);
  RateLimiter& login_limiter() { return login_limiter_; }
  RateLimiter& contact_limiter() { return contact_limiter_; }
  RateLimiter& survey_limiter() { return survey_limiter_; }

 private:
  void add_routes();
  void resolve_identity(RequestContext& ctx);
  bool csrf_ok(RequestContext& ctx);
  void finish(RequestContext& ctx, HttpResponse& res);

  Store& store_;
  const Clock& clock_;
  const render::Renderer& renderer_;
  const extract::LetterData& letters_;
  const extract::TextExtractor& extractor_;
  WebConfig config_;
  Metrics metrics_;
  RateLimiter login_limiter_;
  RateLimiter contact_limiter_;
  RateLimiter survey_limiter_;
  std::vector<Route> routes_;
  std::shared_mutex settings_mu_;
  std::optional<MunicipalitySettings> settings_;  // guarded by settings_mu_
};

// Route tables, one per area (api.cc, pages_staff.cc, pages_public.cc, pages_admin.cc, ops.cc,
// pages_letters.cc, api_systemic.cc, pages_systemic.cc).
void add_api_routes(std::vector<App::Route>& routes);
void add_staff_routes(std::vector<App::Route>& routes);
void add_public_routes(std::vector<App::Route>& routes);
void add_ops_routes(std::vector<App::Route>& routes);
void add_admin_routes(std::vector<App::Route>& routes);
void add_letter_routes(std::vector<App::Route>& routes);
void add_systemic_api_routes(std::vector<App::Route>& routes);  // api_systemic.cc
void add_systemic_routes(std::vector<App::Route>& routes);      // all of the below
void add_recommendation_pages(std::vector<App::Route>& routes);  // pages_systemic.cc
void add_signal_pages(std::vector<App::Route>& routes);          // pages_signals.cc
void add_activity_pages(std::vector<App::Route>& routes);        // pages_activities.cc
void add_complaint_pages(std::vector<App::Route>& routes);       // pages_complaints.cc
void add_report_pages(std::vector<App::Route>& routes);          // pages_report.cc
void add_survey_pages(std::vector<App::Route>& routes);          // pages_surveys.cc
void add_guidance_pages(std::vector<App::Route>& routes);        // pages_guidance.cc

}  // namespace bb::web
