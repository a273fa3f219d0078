// Staff pages: login, dashboard, case list and search, case registration, the case view with
// its journal, attachments, consent and status forms, and user administration. Server-rendered,
// working without JavaScript; a form with errors comes back with everything typed.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "domain/cpr.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/page_helpers.h"
#include "web/shared_handlers.h"

namespace bb::web {
namespace {

using nlohmann::json;
using O = FormView::Opts;
using Errors = std::map<std::string, std::string>;

// ------------------------------------------------------------------------------- helpers --

std::map<int64_t, std::string> user_names(App& app) {
  std::map<int64_t, std::string> out;
  for (const auto& u : app.store().users().list()) out[u.id] = u.name;
  return out;
}

std::vector<FormView::Option> assignee_options(App& app, const RequestContext& ctx) {
  std::vector<FormView::Option> out = {{"", app.text(ctx, "casefield.unassigned")}};
  for (const auto& u : app.store().users().list()) {
    if (u.active && has_permission(u.role, Permission::kWriteCases)) out.emplace_back(std::to_string(u.id), u.name);
  }
  return out;
}

std::string shorten(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) >> 6) == 0x2) --cut;
  return s.substr(0, cut) + "…";
}

json case_rows(App& app, const RequestContext& ctx, const std::vector<Case>& cases) {
  json items = json::array();
  const Date today = app.today();
  for (const auto& c : cases) {
    const bool pending = !c.first_response_on && c.is_open();
    items.push_back({{"id", c.id},
                     {"number", c.number},
                     {"received", c.received.written(ctx.lang)},
                     {"citizen", c.citizen.name},
                     {"summary", shorten(c.summary, 120)},
                     {"status", app.text(ctx, std::string("status.") + to_code(c.status))},
                     {"due", pending ? c.first_response_due.written(ctx.lang) : std::string("–")},
                     {"overdue", pending && c.first_response_due < today}});
  }
  return items;
}

std::optional<HttpResponse> require(App& app, RequestContext& ctx, Permission p) {
  return app.deny_unless(ctx, p);
}

std::vector<std::string> code_list(const std::vector<Reason>& rs) {
  std::vector<std::string> out;
  for (Reason r : rs) out.push_back(to_code(r));
  return out;
}

// Errors of a failed domain call, keyed by field; a general error goes to `fallback`.
Errors errors_of(const Error& e, const std::string& fallback) {
  Errors out(e.fields.begin(), e.fields.end());
  if (out.empty()) out[fallback] = e.message;
  return out;
}

// ---------------------------------------------------------------------------------- login --

HttpResponse login_page(App& app, RequestContext& ctx, int status, const std::string& email, const Errors& errors) {
  FormView form(app, ctx, errors);
  json data = {{"title", app.text(ctx, "login.title")}, {"public", true}};
  data["f_email"] = form.input("email", "login.email", email, O{"email", "", true, false, "username"});
  data["f_password"] = form.input("password", "login.password", "", O{"password", "", true, false, "current-password"});
  form.summarise(data);
  return app.page(ctx, status, "login", data);
}

HttpResponse login_get(App& app, RequestContext& ctx) {
  if (ctx.user) return HttpResponse::redirect("/oversigt");
  return login_page(app, ctx, 200, "", {});
}

// A fixed argon2id hash to verify against when the e-mail is unknown, so the answer takes
// as long as for a real account.
const std::string& dummy_hash() {
  static const std::string h = hash_password("brobygger-dummy-password");
  return h;
}

HttpResponse login_post(App& app, RequestContext& ctx) {
  const std::string email = ctx.req.form.get("email");
  const std::string password = ctx.req.form.get("password");
  if (!app.login_limiter().allow(ctx.req.remote_ip, std::chrono::steady_clock::now())) {
    return login_page(app, ctx, 429, email, {{"email", "auth.rate_limited"}});
  }
  Errors missing;
  if (email.empty()) missing["email"] = "field.required";
  if (password.empty()) missing["password"] = "field.required";
  if (!missing.empty()) return login_page(app, ctx, 400, email, missing);

  auto user = app.store().users().find_by_email(email);
  const Instant now = app.clock().now();
  if (!user || !user->active) {
    (void)verify_password(dummy_hash(), password);
    (void)app.store().audit().append("login.failure", std::nullopt, "unknown account", ctx.actor());
    return login_page(app, ctx, 401, email, {{"email", "auth.bad_login"}});
  }
  if (auto until = parse_utc(user->locked_until); until && *until > now) {
    (void)app.store().audit().append("login.locked", std::nullopt, "user:" + std::to_string(user->id), ctx.actor());
    return login_page(app, ctx, 429, email, {{"email", "auth.locked"}});
  }
  if (!verify_password(user->password_hash, password)) {
    const int failed = user->failed_logins + 1;
    std::string locked_until;
    if (failed >= app.config().max_failed_logins) {
      locked_until = format_utc(now + std::chrono::duration_cast<std::chrono::seconds>(app.config().lockout));
    }
    (void)app.store().users().record_login_failure(user->id, locked_until.empty() ? failed : 0,
                                                   locked_until, ctx.actor());
    return login_page(app, ctx, 401, email, {{"email", locked_until.empty() ? "auth.bad_login" : "auth.locked"}});
  }
  Actor actor{user->id, user->name, user->role, ctx.req.remote_ip};
  (void)app.store().users().record_login_success(user->id, actor);
  app.start_session(ctx, *user);
  return HttpResponse::redirect("/oversigt");
}

HttpResponse logout_post(App& app, RequestContext& ctx) {
  app.end_session(ctx);
  return HttpResponse::redirect("/login?ok=logged_out");
}

// ------------------------------------------------------------------------------ dashboard --

HttpResponse dashboard(App& app, RequestContext& ctx) {
  json data = {{"title", app.text(ctx, "dashboard.title")}};
  json by_status = json::array();
  for (const auto& [code, n] : app.store().cases().count_by_status()) {
    by_status.push_back({{"label", app.text(ctx, "status." + code)}, {"count", n}});
  }
  data["by_status"] = by_status;
  json sections = json::array();
  if (has_permission(ctx.user->role, Permission::kReadCases)) {
    auto add = [&](const char* id, const char* heading, CaseFilter f) {
      f.limit = 50;
      auto page = app.store().cases().list(f, ctx.actor());
      if (!page) return;
      sections.push_back({{"id", id},
                          {"heading", app.text(ctx, heading)},
                          {"count", page->items.size()},
                          {"has_items", !page->items.empty()},
                          {"items", case_rows(app, ctx, page->items)}});
    };
    CaseFilter mine;
    mine.assignee_id = ctx.user->id;
    mine.open_only = true;
    add("mine", "dashboard.my_open", mine);
    CaseFilter due;
    due.response_due_by = add_working_days(app.today(), 2);
    add("due", "dashboard.response_due", due);
    CaseFilter web;
    web.channel = Channel::kWebformular;
    web.status = CaseStatus::kNy;
    add("web", "dashboard.new_web", web);

    // Recommendations: responses overdue, responses due within five working days, follow-ups due.
    const Date today = app.today();
    const Date soon = add_working_days(today, 5);
    json overdue = json::array(), due_soon = json::array(), follow = json::array();
    RecommendationFilter awaiting;
    awaiting.status = RecommendationStatus::kAfventerSvar;
    awaiting.today = today;
    for (const auto& r : app.store().recommendations().list(awaiting)) {
      json row = {{"id", r.id}, {"number", r.number}, {"title", r.title}, {"departments", r.departments},
                  {"date", r.response_due.written(ctx.lang)}};
      if (r.overdue(today)) overdue.push_back(row);
      else if (r.response_due <= soon) due_soon.push_back(row);
    }
    RecommendationFilter fu;
    fu.follow_up_due = true;
    fu.today = today;
    for (const auto& r : app.store().recommendations().list(fu)) {
      follow.push_back({{"id", r.id}, {"number", r.number}, {"title", r.title}, {"departments", r.departments},
                        {"date", r.follow_up_date ? r.follow_up_date->written(ctx.lang) : std::string()}});
    }
    json rec_sections = json::array();
    auto rec = [&](const char* id, const char* heading, const char* date_label, json& items) {
      rec_sections.push_back({{"id", id}, {"heading", app.text(ctx, heading)}, {"date_label", app.text(ctx, date_label)},
                              {"count", items.size()}, {"has_items", !items.empty()}, {"items", items}});
    };
    rec("rec-overdue", "dashboard.rec_overdue", "recfield.response_due", overdue);
    rec("rec-due", "dashboard.rec_due", "recfield.response_due", due_soon);
    rec("rec-follow-up", "dashboard.rec_follow_up", "recfield.follow_up_date", follow);
    data["rec_sections"] = rec_sections;
  } else {
    data["stats_only"] = true;
  }
  data["sections"] = sections;
  return app.page(ctx, 200, "dashboard", data);
}

// ------------------------------------------------------------------------------ case list --

HttpResponse case_list(App& app, RequestContext& ctx, const Params& params, bool from_search) {
  if (auto deny = require(app, ctx, Permission::kReadCases)) return *deny;
  auto filter = filter_from_query(params);
  Errors errors;
  CaseFilter f;
  if (filter) f = *filter;
  else errors = errors_of(filter.error(), "q");
  if (!from_search) f.q.clear();  // free text only by POST, so names never land in URLs
  auto page = errors.empty() ? app.store().cases().list(f, ctx.actor()) : Result<CasePage>(CasePage{});
  if (!page) {
    errors = errors_of(page.error(), "q");
    page = CasePage{};
  }
  FormView form(app, ctx, errors);
  json data = {{"title", app.text(ctx, "cases.title")}, {"csrf", ctx.csrf}};
  data["f_q"] = form.input("q", "cases.search_label", f.q, O{"search", "", false, false, "off"});
  auto with_any = [&](std::vector<FormView::Option> opts) {
    opts.insert(opts.begin(), {"", app.text(ctx, "cases.any")});
    return opts;
  };
  auto statuses = code_options<CaseStatus>(app, ctx, "status");
  statuses.insert(statuses.begin(), {"aaben", app.text(ctx, "status.aaben")});
  data["f_status"] = form.select("status", "casefield.status", with_any(statuses), {params.get("status")}, O{});
  data["f_department"] = form.select("department", "casefield.departments", with_any(department_options(app)),
                                     {params.get("department")}, O{});
  data["f_reason"] = form.select("reason", "casefield.reasons", with_any(code_options<Reason>(app, ctx, "reason_short")),
                                 {params.get("reason")}, O{});
  auto assignees = assignee_options(app, ctx);
  assignees.front().second = app.text(ctx, "cases.any");
  data["f_assignee"] = form.select("assignee", "cases.assignee", assignees, {params.get("assignee")}, O{});
  data["f_from"] = form.input("from", "cases.from", params.get("from"), O{"text", "", false, false, "off"});
  data["f_to"] = form.input("to", "cases.to", params.get("to"), O{"text", "", false, false, "off"});
  bool any_filter = !errors.empty();
  for (const char* k : {"status", "department", "reason", "assignee", "from", "to"}) {
    any_filter = any_filter || !params.get(k).empty();
  }
  data["filters_open"] = !from_search && any_filter;
  data["has_items"] = !page->items.empty();
  data["items"] = case_rows(app, ctx, page->items);
  if (!page->next.empty()) {
    if (from_search) {
      data["next_search"] = page->next;
      data["q"] = f.q;
    } else {
      std::string link = "/sager?cursor=" + page->next;
      for (const char* k : {"status", "department", "reason", "assignee", "from", "to"}) {
        const std::string& v = params.get(k);
        if (v.empty()) continue;
        std::string enc;
        for (unsigned char ch : v) {
          if (std::isalnum(ch) || ch == '-' || ch == '_') enc.push_back(static_cast<char>(ch));
          else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            enc += '%';
            enc += kHex[ch >> 4];
            enc += kHex[ch & 15];
          }
        }
        link += std::string("&") + k + "=" + enc;
      }
      data["next_link"] = link;
    }
  }
  form.summarise(data);
  return app.page(ctx, errors.empty() ? 200 : 400, "cases", data);
}

HttpResponse cases_get(App& app, RequestContext& ctx) { return case_list(app, ctx, ctx.req.query, false); }
HttpResponse cases_search(App& app, RequestContext& ctx) { return case_list(app, ctx, ctx.req.form, true); }

// ------------------------------------------------------------------------ new/edit case --

struct CaseFormInput {
  std::string received, channel, summary, assignee, consent;
  std::vector<std::string> reasons, departments;
  Citizen citizen;
};

CaseFormInput read_case_form(const Params& f) {
  CaseFormInput in;
  in.received = f.get("received");
  in.channel = f.get("channel");
  in.summary = f.get("summary");
  in.assignee = f.get("assignee_id");
  in.consent = f.get("consent");
  in.reasons = f.all("reasons");
  in.departments = f.all("departments");
  in.citizen = Citizen{f.get("citizen.name"),  f.get("citizen.address"),          f.get("citizen.phone"),
                       f.get("citizen.email"), f.get("citizen.cpr"),              f.get("citizen.preferred_contact"),
                       f.get("citizen.needs")};
  return in;
}

HttpResponse case_form(App& app, RequestContext& ctx, int status, const CaseFormInput& in, const Errors& errors,
                       const Case* existing) {
  FormView form(app, ctx, errors);
  json data;
  if (existing) {
    data["title"] = fill(app.text(ctx, "casepage.edit_title"), "number", existing->number);
    data["action"] = "/sager/" + std::to_string(existing->id) + "/rediger";
    data["cancel"] = "/sager/" + std::to_string(existing->id);
    data["submit"] = app.text(ctx, "casepage.save");
    data["version"] = std::to_string(existing->version);
  } else {
    data["title"] = app.text(ctx, "casepage.new_title");
    data["action"] = "/sager/ny";
    data["cancel"] = "/oversigt";
    data["submit"] = app.text(ctx, "casepage.create");
    data["f_received"] = form.input("received", "casefield.received", in.received,
                                    O{"text", "casefield.received_hint", false, false, "off"});
    data["f_channel"] = form.select("channel", "casefield.channel", code_options<Channel>(app, ctx, "channel"),
                                    {in.channel.empty() ? "telefon" : in.channel}, O{"text", "", true, false, ""});
    data["f_consent"] = form.choices("consent", "casefield.consent",
                                     {{"given", app.text(ctx, "consent.given")}},
                                     in.consent == "given" ? std::vector<std::string>{"given"} : std::vector<std::string>{},
                                     O{"checkbox", "", false, true, ""});
  }
  data["f_reasons"] = form.choices("reasons", "casefield.reasons", code_options<Reason>(app, ctx, "reason"),
                                   in.reasons, O{"checkbox", "", true, false, ""});
  data["f_departments"] = form.select("departments", "casefield.departments", department_options(app),
                                      in.departments, O{"text", "casefield.departments_hint", false, true, ""}, true);
  data["f_summary"] = form.textarea("summary", "casefield.summary", in.summary, O{"text", "", true, false, "", 6});
  data["f_name"] = form.input("citizen.name", "casefield.name", in.citizen.name, O{"text", "", false, false, "off"});
  data["f_address"] = form.input("citizen.address", "casefield.address", in.citizen.address, O{"text", "", false, true, "off", 6, true});
  data["f_phone"] = form.input("citizen.phone", "casefield.phone", in.citizen.phone, O{"tel", "", false, true, "off"});
  data["f_email"] = form.input("citizen.email", "casefield.email", in.citizen.email, O{"email", "", false, true, "off"});
  data["f_cpr"] = form.input("citizen.cpr", "casefield.cpr", in.citizen.cpr, O{"text", "casefield.cpr_hint", false, true, "off"});
  auto preferred = code_options<Channel>(app, ctx, "channel");
  preferred.insert(preferred.begin(), {"", app.text(ctx, "cases.any")});
  data["f_preferred"] = form.select("citizen.preferred_contact", "casefield.preferred_contact", preferred,
                                    {in.citizen.preferred_contact}, O{"text", "", false, true, ""});
  data["f_needs"] = form.input("citizen.needs", "casefield.needs", in.citizen.needs, O{"text", "", false, true, "off", 6, true});
  data["f_assignee"] = form.select("assignee_id", "casefield.assignee", assignee_options(app, ctx), {in.assignee},
                                   O{"text", "", false, true, ""});
  form.summarise(data);
  return app.page(ctx, status, "case_form", data);
}

HttpResponse case_new_get(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kWriteCases)) return *deny;
  CaseFormInput in;
  in.received = app.today().iso();
  in.assignee = std::to_string(ctx.user->id);
  return case_form(app, ctx, 200, in, {}, nullptr);
}

HttpResponse case_new_post(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kWriteCases)) return *deny;
  CaseFormInput in = read_case_form(ctx.req.form);
  CaseDraft d;
  d.received = in.received;
  d.channel = in.channel;
  d.reasons = in.reasons;
  d.departments = in.departments;
  d.summary = in.summary;
  d.citizen = in.citizen;
  d.consent = in.consent;
  d.consent_form = "oral";
  Errors errors;
  if (!in.assignee.empty()) {
    if (auto id = parse_id(in.assignee)) d.assignee_id = *id;
    else errors["assignee_id"] = "field.expected_id";
  }
  auto c = validate_new_case(d, app.settings(), app.today());
  if (!c) errors.insert(c.error().fields.begin(), c.error().fields.end());
  if (!errors.empty()) return case_form(app, ctx, 400, in, errors, nullptr);
  auto saved = app.store().cases().create(*c, ctx.actor());
  if (!saved) return case_form(app, ctx, 500, in, errors_of(saved.error(), "summary"), nullptr);
  return HttpResponse::redirect("/sager/" + std::to_string(saved->id) + "?ok=created");
}

// -------------------------------------------------------------------------------- case view --

struct CaseForms {
  Errors errors;
  Params typed;  // what the user typed into the failed form
};

// System journal entries written by the systemic work (see store.h): themes, recommendations,
// investigations and complaints. `p` is the entry split at ':'; unknown forms show as written.
std::string systemic_journal_text(App& app, RequestContext& ctx, const std::vector<std::string>& p,
                                  const std::string& raw) {
  auto label = [&](const std::string& key) { return app.text(ctx, key); };
  auto rest = [&](size_t from) {
    std::string out;
    for (size_t i = from; i < p.size(); ++i) out += (i > from ? ":" : "") + p[i];
    return out;
  };
  if (p[0] == "theme" && p.size() >= 3) {
    const std::string dep = rest(3);
    std::string text = fill(label("journal_text.theme_" + p[1]), "theme", theme_label(app, ctx, p[2]));
    return fill(text, "department", dep.empty() ? label("casepage.theme_no_department") : dep);
  }
  if ((p[0] == "recommendation" || p[0] == "investigation") && p.size() >= 3) {
    std::string text = fill(label("journal_text." + p[0] + "_" + p[2]), "number", p[1]);
    if (p[2] == "status" && p.size() == 4) {
      text = fill(text, "status", label((p[0] == "recommendation" ? "rec_status." : "inv_status.") + p[3]));
    }
    return text;
  }
  if (p[0] == "story" && p.size() == 3) return fill(label("journal_text.story_marked"), "year", p[2]);
  if (p[0] == "complaint" && p.size() >= 2) {
    std::string text = label("journal_text.complaint_" + p[1]);
    if (p.size() == 3) {
      if (p[1] == "registered") {
        const DeadlineRule* rule = app.letters().rules.find(p[2]);
        text = fill(text, "area", rule ? rule->text("title", ctx.lang).text : p[2]);
      } else if (p[1] == "genvurdering") {
        text = fill(text, "result", label("genvurdering." + p[2]));
      } else if (p[1] == "result") {
        text = fill(text, "result", label("complaint_result." + p[2]));
      }
    }
    return text;
  }
  return raw;
}

HttpResponse case_view(App& app, RequestContext& ctx, int64_t id, int status, const CaseForms& forms) {
  if (auto deny = require(app, ctx, Permission::kReadCases)) return *deny;
  auto record = app.store().cases().read_record(id, ctx.actor());
  if (!record) return app.error(ctx, record.error());
  const Case* c = &record->c;
  const auto* journal = &record->journal;
  const auto* attachments = &record->attachments;
  auto names = user_names(app);
  const Date today = app.today();

  auto label = [&](const std::string& key) { return app.text(ctx, key); };
  json reasons = json::array();
  for (Reason r : c->reasons) reasons.push_back(label(std::string("reason_short.") + to_code(r)));
  std::string consent = label(std::string("consent.") + to_code(c->consent.state));
  if (c->consent.state != ConsentState::kNone && c->consent.date) {
    consent += " (" + label(std::string("consent.") + to_code(c->consent.form)) + ", " + c->consent.date->written(ctx.lang) + ")";
  }
  auto cpr = Cpr::parse(c->citizen.cpr);
  json cj = {
      {"id", c->id},
      {"number", c->number},
      {"version", std::to_string(c->version)},
      {"received", c->received.written(ctx.lang)},
      {"channel", label(std::string("channel.") + to_code(c->channel))},
      {"reasons", reasons},
      {"departments", c->departments},
      {"summary", c->summary},
      {"assignee", c->assignee_id && names.count(*c->assignee_id) ? names[*c->assignee_id] : label("casefield.unassigned")},
      {"status_label", label(std::string("status.") + to_code(c->status))},
      {"outcome", c->outcome ? label(std::string("outcome.") + to_code(*c->outcome)) : label("casefield.no_outcome")},
      {"rejection_reason", c->rejection_reason},
      {"referral", c->referral},
      {"first_response_due", c->first_response_due.written(ctx.lang)},
      {"overdue", !c->first_response_on && c->is_open() && c->first_response_due < today},
      {"first_response_on", c->first_response_on ? c->first_response_on->written(ctx.lang) : std::string("–")},
      {"closed_on", c->closed_on ? c->closed_on->written(ctx.lang) : std::string()},
      {"minutes_spent", std::to_string(c->minutes_spent)},
      {"consent", consent},
      {"citizen",
       {{"name", c->citizen.name},
        {"address", c->citizen.address},
        {"phone", c->citizen.phone},
        {"email", c->citizen.email},
        {"cpr", cpr ? cpr->formatted() : c->citizen.cpr},
        {"cpr_warning", cpr && !cpr->passes_modulus11() ? label("cpr.modulus_warning") : std::string()},
        {"preferred", c->citizen.preferred_contact.empty() ? std::string() : label("channel." + c->citizen.preferred_contact)},
        {"needs", c->citizen.needs}}}};

  json jl = json::array();
  for (const auto& e : *journal) {
    std::string text = e.text;
    if (e.kind == JournalKind::kStatus) {
      // Language-neutral system entries: "created", "status:a:b", "consent:s:f:date", "outcome:x".
      std::vector<std::string> p;
      size_t start = 0;
      for (;;) {
        auto pos = e.text.find(':', start);
        p.push_back(e.text.substr(start, pos - start));
        if (pos == std::string::npos) break;
        start = pos + 1;
      }
      if (p[0] == "created") text = label("journal_text.created");
      else if (p[0] == "status" && p.size() == 3)
        text = fill(fill(label("journal_text.status"), "from", label("status." + p[1])), "to", label("status." + p[2]));
      else if (p[0] == "consent" && p.size() == 4) {
        auto d = Date::parse_iso(p[3]);
        text = fill(fill(fill(label("journal_text.consent"), "state", label("consent." + p[1])), "form",
                         label("consent." + p[2])),
                    "date", d ? d->written(ctx.lang) : p[3]);
      } else if (p[0] == "outcome" && p.size() == 2)
        text = fill(label("journal_text.outcome"), "outcome", label("outcome." + p[1]));
      else
        text = systemic_journal_text(app, ctx, p, e.text);
    }
    json entry = {{"id", e.id},
                  {"kind", to_code(e.kind)},
                  {"kind_label", label(std::string("kind.") + to_code(e.kind))},
                  {"text", text},
                  {"author", e.author},
                  {"when", danish_when(e.created_at)}};
    if (e.corrects) {
      entry["corrects"] = std::to_string(*e.corrects);
      entry["correction_label"] = fill(label("casepage.correction_of"), "id", std::to_string(*e.corrects));
    }
    jl.push_back(entry);
  }
  json al = json::array();
  {
    for (const auto& a : *attachments) {
      const double kb = static_cast<double>(a.size) / 1024.0;
      char size[32];
      if (kb < 1024) std::snprintf(size, sizeof size, "%.0f kB", kb < 1 ? 1 : kb);
      else std::snprintf(size, sizeof size, "%.1f MB", kb / 1024.0);
      al.push_back({{"id", a.id}, {"case_id", c->id}, {"filename", a.filename}, {"size_label", size}, {"when", danish_when(a.created_at)}});
    }
  }

  const bool may_write = has_permission(ctx.user->role, Permission::kWriteCases);
  json themes = json::array();
  for (const auto& t : app.store().cases().themes(id)) {
    themes.push_back({{"code", t.theme},
                      {"label", theme_label(app, ctx, t.theme)},
                      {"department", t.department},
                      {"criticism", t.criticism},
                      {"criticism_text", t.criticism_text},
                      {"source", label("theme_source." + t.source)},
                      {"may_write", may_write}});
  }
  json complaints = json::array();
  for (const auto& k : app.store().complaints().for_case(id)) {
    const DeadlineRule* rule = app.letters().rules.find(k.area);
    const auto late = k.late();
    complaints.push_back({{"id", k.id},
                          {"case_id", id},
                          {"area", rule ? rule->text("title", ctx.lang).text : k.area},
                          {"body", k.body},
                          {"department", k.department},
                          {"decision_date", k.decision_date.written(ctx.lang)},
                          {"deadline", k.deadline ? k.deadline->written(ctx.lang) : label("complaints.no_deadline")},
                          {"sent", k.sent ? k.sent->written(ctx.lang) : std::string("–")},
                          {"late", late && *late},
                          {"genvurdering", label(std::string("genvurdering.") + to_code(k.genvurdering))},
                          {"result", k.result ? label(std::string("complaint_result.") + to_code(*k.result)) : std::string("–")},
                          {"may_write", may_write}});
  }
  json data = {{"title", label("casefield.number") + " " + c->number},
               {"themes", themes},
               {"has_themes", !themes.empty()},
               {"complaints", complaints},
               {"has_complaints", !complaints.empty()},
               {"c", cj},
               {"journal", jl},
               {"has_journal", !jl.empty()},
               {"attachments", al},
               {"has_attachments", !al.empty()},
               {"may_write", may_write},
               {"may_story", has_permission(ctx.user->role, Permission::kCriticise)}};

  FormView form(app, ctx, forms.errors);
  const Params& typed = forms.typed;
  auto typed_or = [&](const char* k, const std::string& fallback) {
    auto v = typed.find(k);
    return v ? *v : fallback;
  };
  if (may_write) {
    data["f_status"] = form.select("status", "casefield.status", code_options<CaseStatus>(app, ctx, "status"),
                                   {typed_or("status", to_code(c->status))}, O{});
    auto outcomes = code_options<Outcome>(app, ctx, "outcome");
    if (!has_permission(ctx.user->role, Permission::kCriticise)) {
      outcomes.erase(std::remove_if(outcomes.begin(), outcomes.end(),
                                    [](const auto& o) { return o.first == "kritik" || o.first == "ingen_kritik"; }),
                     outcomes.end());
    }
    outcomes.insert(outcomes.begin(), {"", label("casefield.no_outcome")});
    data["f_outcome"] = form.select("outcome", "casefield.outcome", outcomes,
                                    {typed_or("outcome", c->outcome ? to_code(*c->outcome) : "")}, O{});
    data["f_rejection_reason"] = form.textarea("rejection_reason", "casefield.rejection_reason",
                                               typed_or("rejection_reason", c->rejection_reason), O{"text", "", false, true, "", 2});
    data["f_referral"] = form.textarea("referral", "casefield.referral", typed_or("referral", c->referral),
                                       O{"text", "", false, true, "", 2});
    data["f_reopen_note"] = form.textarea("reopen_note", "casefield.reopen_note", typed_or("reopen_note", ""),
                                          O{"text", "casefield.reopen_hint", false, true, "", 2});
    data["f_add_minutes"] = form.input("add_minutes", "casefield.add_minutes", typed_or("add_minutes", ""),
                                       O{"text", "", false, true, "off"});
    data["f_consent"] = form.choices("consent", "casefield.consent_state", code_options<ConsentState>(app, ctx, "consent"),
                                     {typed_or("consent", to_code(c->consent.state))}, O{}, false);
    data["f_consent_form"] = form.choices("consent_form", "casefield.consent_form", code_options<ConsentForm>(app, ctx, "consent"),
                                          {typed_or("consent_form", to_code(c->consent.form))}, O{}, false);
    data["f_consent_date"] = form.input("consent_date", "casefield.consent_date",
                                        typed_or("consent_date", c->consent.date ? c->consent.date->iso() : today.iso()),
                                        O{"text", "", false, false, "off"});
    auto kinds = code_options<JournalKind>(app, ctx, "kind");
    kinds.erase(std::remove_if(kinds.begin(), kinds.end(), [](const auto& k) { return k.first == "status"; }), kinds.end());
    data["f_kind"] = form.select("kind", "casepage.journal_kind", kinds, {typed_or("kind", "note")}, O{});
    data["f_text"] = form.textarea("text", "casepage.journal_text", typed_or("text", ""), O{"text", "", true, false, "", 5});
    data["f_corrects"] = form.input("corrects", "casepage.journal_corrects", typed_or("corrects", ""),
                                    O{"text", "casepage.journal_corrects_hint", false, true, "off"});
    data["f_file"] = form.input("file", "casepage.attachment_file", "", O{"file", "", false, false, ""});
    data["f_theme"] = form.select("theme", "casepage.theme", theme_options(app, ctx), {typed_or("theme", "")}, O{});
    std::vector<FormView::Option> deps = {{"", label("casepage.theme_no_department")}};
    for (const auto& d : c->departments) deps.emplace_back(d, d);
    for (const auto& d : app.settings().departments) {
      if (std::find(c->departments.begin(), c->departments.end(), d) == c->departments.end()) deps.emplace_back(d, d);
    }
    data["f_theme_department"] = form.select("department", "casepage.theme_department", deps,
                                             {typed_or("department", c->departments.empty() ? "" : c->departments.front())}, O{});
    if (has_permission(ctx.user->role, Permission::kCriticise)) {
      data["f_criticism"] = form.choices("criticism", "casepage.criticism", {{"1", label("casepage.criticism_yes")}},
                                         {typed_or("criticism", "")}, O{"checkbox", "", false, true, ""});
      data["f_criticism_text"] = form.textarea("criticism_text", "casepage.criticism_text", typed_or("criticism_text", ""),
                                               O{"text", "casepage.criticism_text_hint", false, true, "", 3});
    }
  }
  if (has_permission(ctx.user->role, Permission::kViewAudit)) {
    json audit = json::array();
    for (const auto& e : app.store().audit().list({id, 20})) {
      audit.push_back({{"when", danish_when(e.at)}, {"actor", e.actor}, {"action", e.action}});
    }
    data["audit"] = audit;
    data["has_audit"] = !audit.empty();
  }
  form.summarise(data);
  return app.page(ctx, status, "case", data);
}

std::optional<int64_t> case_id(RequestContext& ctx) { return parse_id(ctx.req.path_param("id")); }

HttpResponse case_get(App& app, RequestContext& ctx) {
  auto id = case_id(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  return case_view(app, ctx, *id, 200, {});
}

int status_of(const Error& e) {
  return e.code == ErrorCode::kUnprocessable ? 422 : e.code == ErrorCode::kConflict ? 409 : 400;
}

// Applies a patch built from a staff form; on failure the case page comes back with the
// typed values and the errors.
HttpResponse patch_from_form(App& app, RequestContext& ctx, CasePatch patch, const char* fallback_field,
                             const char* notice) {
  if (auto deny = require(app, ctx, Permission::kWriteCases)) return *deny;
  auto id = case_id(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  auto current = app.store().cases().get(*id, ctx.actor());
  if (!current) return app.error(ctx, current.error());
  if (auto v = ctx.req.form.find("version"); v && *v != std::to_string(current->version)) {
    return case_view(app, ctx, *id, 409, {{{fallback_field, "case.version_conflict"}}, ctx.req.form});
  }
  auto update = apply_patch(*current, patch, app.settings(), app.today(),
                            has_permission(ctx.user->role, Permission::kCriticise));
  if (!update) return case_view(app, ctx, *id, status_of(update.error()), {errors_of(update.error(), fallback_field), ctx.req.form});
  if (update->changed) {
    auto saved = app.store().cases().update(*update, ctx.actor());
    if (!saved) return case_view(app, ctx, *id, status_of(saved.error()), {errors_of(saved.error(), fallback_field), ctx.req.form});
  }
  return HttpResponse::redirect("/sager/" + std::to_string(*id) + "?ok=" + notice);
}

HttpResponse case_status_post(App& app, RequestContext& ctx) {
  const auto& f = ctx.req.form;
  CasePatch p;
  p.status = f.get("status");
  p.outcome = f.get("outcome");
  p.rejection_reason = f.get("rejection_reason");
  p.referral = f.get("referral");
  p.reopen_note = f.get("reopen_note");
  if (const auto& m = f.get("add_minutes"); !m.empty()) {
    try {
      size_t used = 0;
      p.add_minutes = std::stoi(m, &used);
      if (used != m.size()) p.add_minutes = -1;
    } catch (const std::exception&) {
      p.add_minutes = -1;  // rejected by the domain with a message at the field
    }
  }
  return patch_from_form(app, ctx, p, "status", "status");
}

HttpResponse case_consent_post(App& app, RequestContext& ctx) {
  const auto& f = ctx.req.form;
  CasePatch p;
  p.consent = f.get("consent");
  p.consent_form = f.get("consent_form");
  p.consent_date = f.get("consent_date");
  return patch_from_form(app, ctx, p, "consent", "consent");
}

HttpResponse case_edit_get(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kWriteCases)) return *deny;
  auto id = case_id(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  auto c = app.store().cases().get(*id, ctx.actor());
  if (!c) return app.error(ctx, c.error());
  CaseFormInput in;
  in.summary = c->summary;
  in.reasons = code_list(c->reasons);
  in.departments = c->departments;
  in.citizen = c->citizen;
  if (auto cpr = Cpr::parse(c->citizen.cpr)) in.citizen.cpr = cpr->formatted();
  in.assignee = c->assignee_id ? std::to_string(*c->assignee_id) : "";
  return case_form(app, ctx, 200, in, {}, &*c);
}

HttpResponse case_edit_post(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kWriteCases)) return *deny;
  auto id = case_id(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  auto current = app.store().cases().get(*id, ctx.actor());
  if (!current) return app.error(ctx, current.error());
  CaseFormInput in = read_case_form(ctx.req.form);
  Errors errors;
  if (ctx.req.form.get("version") != std::to_string(current->version)) errors["summary"] = "case.version_conflict";
  CasePatch p;
  p.summary = in.summary;
  p.reasons = in.reasons;
  p.departments = in.departments;
  p.citizen = in.citizen;
  if (in.assignee.empty()) p.assignee_id = std::optional<int64_t>();
  else if (auto a = parse_id(in.assignee)) p.assignee_id = std::optional<int64_t>(*a);
  else errors["assignee_id"] = "field.expected_id";
  if (errors.empty()) {
    auto update = apply_patch(*current, p, app.settings(), app.today(),
                              has_permission(ctx.user->role, Permission::kCriticise));
    if (!update) {
      errors = errors_of(update.error(), "summary");
    } else if (update->changed) {
      auto saved = app.store().cases().update(*update, ctx.actor());
      if (!saved) errors = errors_of(saved.error(), "summary");
    }
  }
  if (!errors.empty()) return case_form(app, ctx, 400, in, errors, &*current);
  return HttpResponse::redirect("/sager/" + std::to_string(*id) + "?ok=saved");
}

// Tags a theme on the case (or updates its criticism). Criticism is the advisor's alone.
HttpResponse case_theme_post(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kWriteCases)) return *deny;
  auto id = case_id(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  const Params& f = ctx.req.form;
  CaseTheme t{f.get("theme"), f.get("department"), "manual", f.get("criticism") == "1", f.get("criticism_text")};
  if (!has_permission(ctx.user->role, Permission::kCriticise)) {
    if (f.has("criticism") || !f.get("criticism_text").empty()) {
      return app.error(ctx, Error::forbidden("case.criticism_not_allowed"));
    }
    // The assistant's form has no criticism fields: the advisor's criticism stays as it is.
    auto current = theme_on_case(app, *id, t.theme, t.department);
    t.criticism = current && current->criticism;
    t.criticism_text = current ? current->criticism_text : "";
  }
  Errors errors;
  if (t.theme.empty()) errors["theme"] = "field.required";
  if (!t.department.empty() && !app.settings().has_department(t.department)) errors["department"] = "case.department_unknown";
  if (t.criticism && t.criticism_text.find_first_not_of(" \t\r\n") == std::string::npos) {
    errors["criticism_text"] = "theme.criticism_needs_text";
  }
  if (t.criticism_text.size() > kMaxLongText) errors["criticism_text"] = "field.too_long";
  if (!errors.empty()) return case_view(app, ctx, *id, 400, {errors, f});
  if (!t.criticism) t.criticism_text.clear();
  if (!has_permission(ctx.user->role, Permission::kCriticise) &&
      changes_criticism(app, *id, t.theme, t.department, t)) {
    return app.error(ctx, Error::forbidden("case.criticism_not_allowed"));
  }
  auto st = app.store().cases().set_theme(*id, t, ctx.actor());
  if (!st) {
    merge_errors(errors, st.error(), "theme");
    return case_view(app, ctx, *id, status_for(st.error()), {errors, f});
  }
  return HttpResponse::redirect("/sager/" + std::to_string(*id) + "?ok=theme_saved#temaer");
}

HttpResponse case_theme_remove(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kWriteCases)) return *deny;
  auto id = case_id(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  const std::string theme = ctx.req.form.get("theme");
  const std::string department = ctx.req.form.get("department");
  if (!has_permission(ctx.user->role, Permission::kCriticise) &&
      changes_criticism(app, *id, theme, department, std::nullopt)) {
    return app.error(ctx, Error::forbidden("case.criticism_not_allowed"));
  }
  auto st = app.store().cases().remove_theme(*id, theme, department, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse::redirect("/sager/" + std::to_string(*id) + "?ok=theme_removed#temaer");
}

HttpResponse case_journal_post(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kWriteCases)) return *deny;
  auto id = case_id(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  const auto& f = ctx.req.form;
  JournalDraft d{f.get("kind"), f.get("text"), std::nullopt};
  Errors errors;
  if (const auto& c = f.get("corrects"); !c.empty()) {
    if (auto cid = parse_id(c)) d.corrects = *cid;
    else errors["corrects"] = "field.expected_id";
  }
  auto entry = validate_journal(d);
  if (!entry) errors.insert(entry.error().fields.begin(), entry.error().fields.end());
  if (errors.empty()) {
    auto saved = app.store().journal().append(*id, *entry, ctx.actor());
    if (saved) return HttpResponse::redirect("/sager/" + std::to_string(*id) + "?ok=journal#journal");
    if (saved.error().code == ErrorCode::kNotFound) return app.error(ctx, saved.error());
    errors = errors_of(saved.error(), "text");
  }
  return case_view(app, ctx, *id, 400, {errors, f});
}

HttpResponse case_attachment_post(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kWriteCases)) return *deny;
  auto id = case_id(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  const UploadedFile* file = nullptr;
  for (const auto& up : ctx.req.files) {
    if (up.field == "file" && !up.content.empty()) file = &up;
  }
  if (!file) return case_view(app, ctx, *id, 400, {{{"file", "attachment.one_file"}}, {}});
  auto saved = app.store().attachments().add(*id, file->filename, file->content, ctx.actor());
  if (!saved) {
    if (saved.error().code == ErrorCode::kNotFound) return app.error(ctx, saved.error());
    return case_view(app, ctx, *id, status_of(saved.error()) == 400 && saved.error().code == ErrorCode::kTooLarge ? 413 : status_of(saved.error()),
                     {errors_of(saved.error(), "file"), {}});
  }
  return HttpResponse::redirect("/sager/" + std::to_string(*id) + "?ok=attachment#attachments");
}

HttpResponse case_attachment_get(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kReadCases)) return *deny;
  auto id = case_id(ctx);
  auto aid = parse_id(ctx.req.path_param("aid"));
  if (!id || !aid) return app.error(ctx, Error::not_found("attachment.not_found"));
  return send_attachment(app, ctx, *id, *aid);
}

// ------------------------------------------------------------------------------------ users --

HttpResponse users_page(App& app, RequestContext& ctx, int status, const Errors& errors, const Params& typed,
                        const std::string& created_password) {
  if (auto deny = require(app, ctx, Permission::kAdminUsers)) return *deny;
  FormView form(app, ctx, errors);
  json users = json::array();
  for (const auto& u : app.store().users().list()) {
    json roles = json::array();
    for (const auto& [value, text] : code_options<Role>(app, ctx, "role")) {
      roles.push_back({{"value", value}, {"text", text}, {"selected", value == to_code(u.role)}});
    }
    users.push_back({{"id", u.id}, {"name", u.name}, {"email", u.email}, {"active", u.active}, {"roles", roles}});
  }
  json data = {{"title", app.text(ctx, "users.title")}, {"users", users}};
  if (!created_password.empty()) data["created_password"] = created_password;
  data["f_name"] = form.input("name", "users.name", typed.get("name"), O{"text", "", true, false, "off"});
  data["f_email"] = form.input("email", "users.email", typed.get("email"), O{"email", "", true, false, "off"});
  data["f_role"] = form.select("role", "users.role", code_options<Role>(app, ctx, "role"),
                               {typed.get("role").empty() ? "assistant" : typed.get("role")}, O{"text", "", true, false, ""});
  form.summarise(data);
  return app.page(ctx, status, "users", data);
}

HttpResponse users_get(App& app, RequestContext& ctx) { return users_page(app, ctx, 200, {}, {}, ""); }

HttpResponse users_post(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kAdminUsers)) return *deny;
  const auto& f = ctx.req.form;
  Errors errors;
  User u;
  u.name = f.get("name");
  u.email = f.get("email");
  if (u.name.find_first_not_of(' ') == std::string::npos) errors["name"] = "user.name_required";
  if (!plausible_email(u.email)) errors["email"] = "field.email";
  auto role = parse_code<Role>(f.get("role"));
  if (!role) errors["role"] = "field.unknown_code";
  if (!errors.empty()) return users_page(app, ctx, 400, errors, f, "");
  u.role = *role;
  const std::string password = random_password();
  u.password_hash = hash_password(password);
  auto saved = app.store().users().create(u, ctx.actor());
  if (!saved) return users_page(app, ctx, status_of(saved.error()), errors_of(saved.error(), "email"), f, "");
  return users_page(app, ctx, 201, {}, {}, password);
}

HttpResponse user_update_post(App& app, RequestContext& ctx) {
  if (auto deny = require(app, ctx, Permission::kAdminUsers)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("user.not_found"));
  auto u = app.store().users().get(*id);
  if (!u) return app.error(ctx, u.error());
  auto role = parse_code<Role>(ctx.req.form.get("role"));
  if (!role) return app.error(ctx, Error::field(ErrorCode::kInvalid, "role", "field.unknown_code"));
  u->role = *role;
  u->active = ctx.req.form.get("active") != "0";
  auto saved = app.store().users().update(*u, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  return HttpResponse::redirect("/brugere?ok=user_saved");
}

}  // namespace

void add_staff_routes(std::vector<App::Route>& r) {
  using A = App::Access;
  r.push_back({Method::kGet, "/login", login_get, A::kPublic, 0});
  r.push_back({Method::kPost, "/login", login_post, A::kPublic, 0});
  r.push_back({Method::kPost, "/logout", logout_post, A::kPublic, 0});
  r.push_back({Method::kGet, "/oversigt", dashboard, A::kSignedIn, 0});
  r.push_back({Method::kGet, "/sager", cases_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/sager/soeg", cases_search, A::kSignedIn, 0});
  r.push_back({Method::kGet, "/sager/ny", case_new_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/sager/ny", case_new_post, A::kSignedIn, 0});
  r.push_back({Method::kGet, R"(/sager/:id(\d+))", case_get, A::kSignedIn, 0});
  r.push_back({Method::kGet, R"(/sager/:id(\d+)/rediger)", case_edit_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/rediger)", case_edit_post, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/status)", case_status_post, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/samtykke)", case_consent_post, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/journal)", case_journal_post, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/tema)", case_theme_post, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/tema/fjern)", case_theme_remove, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/bilag)", case_attachment_post, A::kSignedIn, kUploadBodyLimit});
  r.push_back({Method::kGet, R"(/sager/:id(\d+)/bilag/:aid(\d+))", case_attachment_get, A::kSignedIn, 0});
  r.push_back({Method::kGet, "/brugere", users_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/brugere", users_post, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/brugere/:id(\d+))", user_update_post, A::kSignedIn, 0});
}

}  // namespace bb::web
