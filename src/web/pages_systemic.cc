// Staff pages for recommendations (henstillinger) and own-initiative investigations (egen
// drift): lists with filters, a new-form that can start from a signal, an investigation or a
// case with the cases already linked, and a record page with the full history and the edit
// form (response, status, follow-up). Managers see recommendations as counts only.
#include <algorithm>
#include <map>

#include "service/signal_report.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/page_helpers.h"
#include "web/systemic_io.h"

namespace bb::web {
namespace {

using nlohmann::json;
using O = FormView::Opts;
using Errors = std::map<std::string, std::string>;

bool may(const RequestContext& ctx, Permission p) { return ctx.user && has_permission(ctx.user->role, p); }

// Where a new recommendation or investigation starts from: a signal, an investigation or a case.
struct Origin {
  std::vector<std::string> departments;
  std::vector<int64_t> case_ids;
  std::string topic;
  std::string signal_key;
  std::string investigation_id;
};

Origin origin_from_query(App& app, RequestContext& ctx) {
  Origin o;
  const Params& q = ctx.req.query;
  if (auto key = q.find("signal"); key && !key->empty()) {
    const auto colon = key->find(':');
    auto period = colon == std::string::npos ? Result<StatPeriod>(Error::invalid("signal.unknown"))
                                             : parse_stat_period(key->substr(0, colon));
    if (period) {
      SignalReportOptions opts;
      opts.with_cases = true;
      opts.include_dismissed = true;
      auto report = build_signal_report(app.store(), *period, ctx.actor(), opts);
      if (auto* t = find_theme_signal(report, *key)) {
        o.departments = {t->s.department};
        for (const auto& c : t->cases) o.case_ids.push_back(c.id);
        o.topic = fill(fill(app.text(ctx, "signals.topic_theme"), "theme", theme_label(app, ctx, t->s.theme)),
                       "department", t->s.department);
        o.signal_key = *key;
      } else if (auto* m = find_time_signal(report, *key)) {
        o.departments = {m->s.department};
        for (const auto& c : m->cases) o.case_ids.push_back(c.id);
        o.topic = fill(app.text(ctx, "signals.topic_" + m->s.metric), "department", m->s.department);
        o.signal_key = *key;
      }
    }
  }
  if (auto inv = q.find("undersoegelse"); inv && !inv->empty()) {
    if (auto id = parse_id(*inv)) {
      if (auto i = app.store().investigations().get(*id)) {
        o.departments = i->departments;
        o.case_ids = i->case_ids;
        o.topic = i->topic;
        o.investigation_id = std::to_string(i->id);
      }
    }
  }
  if (auto c = q.find("sag"); c && !c->empty()) {
    if (auto id = parse_id(*c); id && app.store().cases().exists(*id)) o.case_ids = {*id};
  }
  return o;
}

std::vector<FormView::Option> investigation_options(App& app, RequestContext& ctx) {
  std::vector<FormView::Option> out = {{"", app.text(ctx, "recommendations.no_investigation")}};
  for (const auto& i : app.store().investigations().list({})) out.emplace_back(std::to_string(i.id), i.number + " " + i.topic);
  return out;
}

// Linked case ids as a history keeps them ("12, 7") shown as case numbers; an id whose case is
// gone stays as it was.
std::string history_case_numbers(App& app, const std::string& ids_text) {
  std::vector<std::string> parts;
  std::vector<int64_t> ids;
  size_t start = 0;
  while (start <= ids_text.size()) {
    size_t end = ids_text.find(',', start);
    if (end == std::string::npos) end = ids_text.size();
    std::string part = ids_text.substr(start, end - start);
    part.erase(0, part.find_first_not_of(' '));
    if (!part.empty()) {
      parts.push_back(part);
      if (auto id = parse_id(part)) ids.push_back(*id);
    }
    start = end + 1;
  }
  std::map<std::string, std::string> numbers;
  for (const auto& r : app.store().cases().refs(ids)) numbers[std::to_string(r.id)] = r.number;
  std::string out;
  for (const auto& part : parts) {
    auto it = numbers.find(part);
    out += (out.empty() ? "" : ", ") + (it == numbers.end() ? part : it->second);
  }
  return out;
}

// The history as shown: field names from `prefix`, status codes as their labels (`status_prefix`),
// linked cases and investigations by their numbers.
json history_rows(App& app, RequestContext& ctx, const std::vector<HistoryEntry>& history, const char* prefix,
                  const char* status_prefix) {
  json rows = json::array();
  for (const auto& h : history) {
    json changes = json::array();
    for (const auto& c : h.changes) {
      auto shown = [&](const std::string& v) -> std::string {
        if (v.empty()) return "–";
        if (c.field == "status") return app.text(ctx, status_prefix + v);
        if (c.field == "case_ids") return history_case_numbers(app, v);
        if (c.field == "investigation_id") {
          if (auto id = parse_id(v)) {
            if (auto i = app.store().investigations().get(*id)) return i->number;
          }
        }
        return v;
      };
      changes.push_back({{"field", app.text(ctx, std::string(prefix) + c.field)},
                         {"before", shown(c.before)},
                         {"after", shown(c.after)}});
    }
    rows.push_back({{"when", danish_when(h.at)},
                    {"actor", h.actor},
                    {"action", app.text(ctx, "history." + h.action)},
                    {"has_changes", !changes.empty()},
                    {"changes", changes}});
  }
  return rows;
}

// ------------------------------------------------------------------------ recommendations --

json recommendation_row(App& app, RequestContext& ctx, const Recommendation& r) {
  const Date today = app.today();
  return {{"id", r.id},
          {"number", r.number},
          {"title", r.title},
          {"departments", r.departments},
          {"issued", r.issued.written(ctx.lang)},
          {"response_due", r.response_due.written(ctx.lang)},
          {"overdue", r.overdue(today)},
          {"status", app.text(ctx, std::string("rec_status.") + to_code(r.status))},
          {"follow_up", r.follow_up_date ? r.follow_up_date->written(ctx.lang) : std::string("–")},
          {"follow_up_due", r.follow_up_due(today)}};
}

HttpResponse recommendation_counts_page(App& app, RequestContext& ctx) {
  json rows = json::array();
  for (const auto& c : app.store().recommendations().counts(app.today())) {
    rows.push_back({{"year", c.year},
                    {"department", c.department},
                    {"status", app.text(ctx, std::string("rec_status.") + to_code(c.status))},
                    {"count", c.count},
                    {"overdue", c.overdue}});
  }
  json data = {{"title", app.text(ctx, "recommendations.title")}, {"counts", rows}, {"has_counts", !rows.empty()}};
  return app.page(ctx, 200, "recommendation_counts", data);
}

HttpResponse recommendations_list(App& app, RequestContext& ctx) {
  if (!may(ctx, Permission::kReadCases)) {
    if (auto deny = app.deny_unless(ctx, Permission::kViewStatistics)) return *deny;
    return recommendation_counts_page(app, ctx);
  }
  const Params& q = ctx.req.query;
  Errors errors;
  RecommendationFilter f;
  f.today = app.today();
  const std::string view = q.get("visning");
  if (view == "afventer") f.status = RecommendationStatus::kAfventerSvar;
  else if (view == "overskredet") f.overdue = true;
  else if (view == "opfoelgning") f.follow_up_due = true;
  if (auto s = q.find("status"); s && !s->empty()) {
    if (auto st = parse_code<RecommendationStatus>(*s)) f.status = *st;
    else errors["status"] = "field.unknown_code";
  }
  if (auto d = q.find("forvaltning"); d && !d->empty()) f.department = *d;
  if (auto y = q.find("aar"); y && !y->empty()) {
    auto n = parse_id(*y);
    if (n && *n >= 1900 && *n <= 2200) f.year = static_cast<int>(*n);
    else errors["aar"] = "field.year";
  }
  json rows = json::array();
  if (errors.empty()) {
    for (const auto& r : app.store().recommendations().list(f)) rows.push_back(recommendation_row(app, ctx, r));
  }
  FormView form(app, ctx, errors);
  json data = {{"title", app.text(ctx, "recommendations.title")},
               {"items", rows},
               {"has_items", !rows.empty()},
               {"count", rows.size()},
               {"may_issue", may(ctx, Permission::kCriticise)}};
  std::vector<FormView::Option> views = {{"", app.text(ctx, "recommendations.view_all")},
                                         {"afventer", app.text(ctx, "recommendations.view_awaiting")},
                                         {"overskredet", app.text(ctx, "recommendations.view_overdue")},
                                         {"opfoelgning", app.text(ctx, "recommendations.view_follow_up")}};
  data["f_view"] = form.select("visning", "recommendations.view", views, {view}, O{});
  auto statuses = code_options<RecommendationStatus>(app, ctx, "rec_status");
  statuses.insert(statuses.begin(), {"", app.text(ctx, "cases.any")});
  data["f_status"] = form.select("status", "recommendations.status", statuses, {q.get("status")}, O{});
  auto deps = department_options(app);
  deps.insert(deps.begin(), {"", app.text(ctx, "cases.any")});
  data["f_department"] = form.select("forvaltning", "recommendations.department", deps, {q.get("forvaltning")}, O{});
  data["f_year"] = form.input("aar", "recommendations.year", q.get("aar"), O{"text", "", false, true, "off"});
  form.summarise(data);
  return app.page(ctx, errors.empty() ? 200 : 400, "recommendations", data);
}

// The form's fields; `full` adds the response, status and follow-up notes (the edit form).
void recommendation_fields(App& app, RequestContext& ctx, FormView& form, json& data,
                           const RecommendationInput& in, const std::string& case_numbers, bool full) {
  data["f_title"] = form.input("title", "recfield.title", in.title, O{"text", "", true, false, "off", 6, true});
  data["f_text"] = form.textarea("text", "recfield.text", in.text, O{"text", "", true, false, "", 8});
  data["f_departments"] = form.choices("departments", "recfield.departments", department_options(app), in.departments,
                                       O{"checkbox", "recfield.departments_hint", true, false, ""});
  data["f_cases"] = form.textarea("cases", "recfield.cases", case_numbers, O{"text", "recfield.cases_hint", false, true, "", 2});
  data["f_investigation"] = form.select("investigation_id", "recfield.investigation_id", investigation_options(app, ctx),
                                        {in.investigation_id}, O{"text", "", false, true, ""});
  data["f_issued"] = form.input("issued", "recfield.issued", in.issued, O{"text", "field_hint.date_today", false, true, "off"});
  data["f_response_due"] = form.input("response_due", "recfield.response_due", in.response_due,
                                      O{"text", "recfield.response_due_hint", false, true, "off"});
  data["f_follow_up_date"] = form.input("follow_up_date", "recfield.follow_up_date", in.follow_up_date,
                                        O{"text", "field_hint.date", false, true, "off"});
  if (!full) return;
  data["f_status"] = form.select("status", "recfield.status", code_options<RecommendationStatus>(app, ctx, "rec_status"),
                                 {in.status}, O{});
  data["f_response_text"] = form.textarea("response_text", "recfield.response_text", in.response_text,
                                          O{"text", "", false, true, "", 5});
  data["f_response_date"] = form.input("response_date", "recfield.response_date", in.response_date,
                                       O{"text", "field_hint.date", false, true, "off"});
  data["f_follow_up_notes"] = form.textarea("follow_up_notes", "recfield.follow_up_notes", in.follow_up_notes,
                                            O{"text", "", false, true, "", 5});
}

HttpResponse recommendation_new_form(App& app, RequestContext& ctx, int status, const RecommendationInput& in,
                                     const std::string& case_numbers, const std::string& signal, const Errors& errors) {
  FormView form(app, ctx, errors);
  json data = {{"title", app.text(ctx, "recommendations.new_title")},
               {"action", "/henstillinger"},
               {"submit", app.text(ctx, "recommendations.issue")},
               {"cancel", "/henstillinger"},
               {"signal", signal}};
  recommendation_fields(app, ctx, form, data, in, case_numbers, false);
  form.summarise(data);
  return app.page(ctx, status, "recommendation_form", data);
}

HttpResponse recommendation_new_get(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  Origin o = origin_from_query(app, ctx);
  RecommendationInput in;
  in.departments = o.departments;
  in.investigation_id = o.investigation_id;
  in.title = o.topic;
  return recommendation_new_form(app, ctx, 200, in, case_numbers_text(app, o.case_ids), o.signal_key, {});
}

HttpResponse recommendation_new_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  RecommendationInput in = recommendation_from_form(ctx.req.form);
  const std::string numbers = ctx.req.form.get("cases");
  Errors errors;
  if (auto ids = resolve_case_numbers(app, numbers)) in.case_ids = *ids;
  else errors["cases"] = ids.error().message;
  auto r = validate_recommendation(in, app.settings(), app.today());
  if (!r) merge_errors(errors, r.error(), "title", {{"case_ids", "cases"}});
  if (!errors.empty()) return recommendation_new_form(app, ctx, 400, in, numbers, ctx.req.form.get("signal"), errors);
  auto saved = app.store().recommendations().create(*r, ctx.actor());
  if (!saved) {
    merge_errors(errors, saved.error(), "title", {{"case_ids", "cases"}});
    return recommendation_new_form(app, ctx, status_for(saved.error()), in, numbers, ctx.req.form.get("signal"), errors);
  }
  return HttpResponse::redirect("/henstillinger/" + std::to_string(saved->id) + "?ok=recommendation_created");
}

HttpResponse recommendation_page(App& app, RequestContext& ctx, int64_t id, int status, const RecommendationInput* typed,
                                 const std::string* typed_cases, const Errors& errors) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto r = app.store().recommendations().get(id);
  if (!r) return app.error(ctx, r.error());
  const Date today = app.today();
  json rec = recommendation_row(app, ctx, *r);
  const std::string none = "–";
  rec["text"] = r->text;
  rec["response_text"] = r->response_text.empty() ? none : r->response_text;
  rec["response_date"] = r->response_date ? r->response_date->written(ctx.lang) : none;
  rec["follow_up_notes"] = r->follow_up_notes.empty() ? none : r->follow_up_notes;
  rec["cases"] = case_links(app, r->case_ids);
  if (r->investigation_id) {
    if (auto i = app.store().investigations().get(*r->investigation_id)) {
      rec["investigation"] = {{"id", i->id}, {"number", i->number}, {"topic", i->topic}};
    }
  }
  json data = {{"title", app.text(ctx, "recommendations.one") + " " + r->number},
               {"r", rec},
               {"history", history_rows(app, ctx, app.store().recommendations().history(id), "recfield.", "rec_status.")},
               {"may_edit", may(ctx, Permission::kCriticise)},
               {"version", r->version}};
  (void)today;
  FormView form(app, ctx, errors);
  if (may(ctx, Permission::kCriticise)) {
    RecommendationInput in = typed ? *typed : to_input(*r);
    recommendation_fields(app, ctx, form, data, in, typed_cases ? *typed_cases : case_numbers_text(app, r->case_ids), true);
  }
  form.summarise(data);
  return app.page(ctx, status, "recommendation", data);
}

HttpResponse recommendation_get(App& app, RequestContext& ctx) {
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("recommendation.not_found"));
  return recommendation_page(app, ctx, *id, 200, nullptr, nullptr, {});
}

HttpResponse recommendation_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("recommendation.not_found"));
  auto current = app.store().recommendations().get(*id);
  if (!current) return app.error(ctx, current.error());
  RecommendationInput in = recommendation_from_form(ctx.req.form);
  const std::string numbers = ctx.req.form.get("cases");
  Errors errors;
  if (auto ids = resolve_case_numbers(app, numbers)) in.case_ids = *ids;
  else errors["cases"] = ids.error().message;
  auto version = parse_id(ctx.req.form.get("version"));
  if (!version || *version != current->version) errors["title"] = "record.version_conflict";
  auto r = validate_recommendation(in, app.settings(), app.today());
  if (!r) merge_errors(errors, r.error(), "title", {{"case_ids", "cases"}});
  if (!errors.empty()) return recommendation_page(app, ctx, *id, errors.count("title") && errors["title"] == "record.version_conflict" ? 409 : 400, &in, &numbers, errors);
  r->id = current->id;
  r->number = current->number;
  r->version = current->version;
  auto changes = diff(*current, *r);
  if (changes.empty()) return HttpResponse::redirect("/henstillinger/" + std::to_string(*id) + "?ok=nothing_changed");
  auto saved = app.store().recommendations().update(*r, changes, ctx.actor());
  if (!saved) {
    merge_errors(errors, saved.error(), "title", {{"case_ids", "cases"}});
    return recommendation_page(app, ctx, *id, status_for(saved.error()), &in, &numbers, errors);
  }
  return HttpResponse::redirect("/henstillinger/" + std::to_string(*id) + "?ok=recommendation_saved");
}

HttpResponse recommendation_delete(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("recommendation.not_found"));
  auto st = app.store().recommendations().remove(*id, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse::redirect("/henstillinger?ok=recommendation_deleted");
}

// ------------------------------------------------------------------------- investigations --

json investigation_row(App& app, RequestContext& ctx, const Investigation& i) {
  return {{"id", i.id},
          {"number", i.number},
          {"topic", i.topic},
          {"departments", i.departments},
          {"started", i.started.written(ctx.lang)},
          {"period", i.period_from || i.period_to
                         ? (i.period_from ? i.period_from->written(ctx.lang) : std::string("…")) + " – " +
                               (i.period_to ? i.period_to->written(ctx.lang) : std::string("…"))
                         : std::string("–")},
          {"status", app.text(ctx, std::string("inv_status.") + to_code(i.status))}};
}

HttpResponse investigations_list(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  const Params& q = ctx.req.query;
  Errors errors;
  InvestigationFilter f;
  if (auto s = q.find("status"); s && !s->empty()) {
    if (auto st = parse_code<InvestigationStatus>(*s)) f.status = *st;
    else errors["status"] = "field.unknown_code";
  }
  if (auto d = q.find("forvaltning"); d && !d->empty()) f.department = *d;
  json rows = json::array();
  if (errors.empty()) {
    for (const auto& i : app.store().investigations().list(f)) rows.push_back(investigation_row(app, ctx, i));
  }
  FormView form(app, ctx, errors);
  json data = {{"title", app.text(ctx, "investigations.title")},
               {"items", rows},
               {"has_items", !rows.empty()},
               {"may_start", may(ctx, Permission::kCriticise)}};
  auto statuses = code_options<InvestigationStatus>(app, ctx, "inv_status");
  statuses.insert(statuses.begin(), {"", app.text(ctx, "cases.any")});
  data["f_status"] = form.select("status", "invfield.status", statuses, {q.get("status")}, O{});
  auto deps = department_options(app);
  deps.insert(deps.begin(), {"", app.text(ctx, "cases.any")});
  data["f_department"] = form.select("forvaltning", "recommendations.department", deps, {q.get("forvaltning")}, O{});
  form.summarise(data);
  return app.page(ctx, errors.empty() ? 200 : 400, "investigations", data);
}

void investigation_fields(App& app, RequestContext& ctx, FormView& form, json& data, const InvestigationInput& in,
                          const std::string& case_numbers, bool full) {
  data["f_topic"] = form.input("topic", "invfield.topic", in.topic, O{"text", "", true, false, "off", 6, true});
  data["f_departments"] = form.choices("departments", "invfield.departments", department_options(app), in.departments,
                                       O{"checkbox", "", false, true, ""});
  data["f_period_from"] = form.input("period_from", "invfield.period_from", in.period_from, O{"text", "field_hint.date", false, true, "off"});
  data["f_period_to"] = form.input("period_to", "invfield.period_to", in.period_to, O{"text", "field_hint.date", false, true, "off"});
  data["f_cases"] = form.textarea("cases", "invfield.cases", case_numbers, O{"text", "recfield.cases_hint", false, true, "", 2});
  data["f_method"] = form.textarea("method", "invfield.method", in.method, O{"text", "invfield.method_hint", false, true, "", 3});
  data["f_started"] = form.input("started", "invfield.started", in.started, O{"text", "field_hint.date_today", false, true, "off"});
  data["signals"] = in.signals;
  data["from_signal"] = !in.signals.empty();
  if (!full) return;
  data["f_status"] = form.select("status", "invfield.status", code_options<InvestigationStatus>(app, ctx, "inv_status"),
                                 {in.status}, O{});
  data["f_findings"] = form.textarea("findings", "invfield.findings", in.findings, O{"text", "", false, true, "", 6});
  data["f_conclusion"] = form.textarea("conclusion", "invfield.conclusion", in.conclusion, O{"text", "", false, true, "", 4});
}

HttpResponse investigation_new_form(App& app, RequestContext& ctx, int status, const InvestigationInput& in,
                                    const std::string& case_numbers, const Errors& errors) {
  FormView form(app, ctx, errors);
  json data = {{"title", app.text(ctx, "investigations.new_title")},
               {"action", "/undersoegelser"},
               {"submit", app.text(ctx, "investigations.start")},
               {"cancel", "/undersoegelser"}};
  investigation_fields(app, ctx, form, data, in, case_numbers, false);
  form.summarise(data);
  return app.page(ctx, status, "investigation_form", data);
}

HttpResponse investigation_new_get(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  Origin o = origin_from_query(app, ctx);
  InvestigationInput in;
  in.departments = o.departments;
  in.topic = o.topic;
  if (!o.signal_key.empty()) {
    in.signals = {o.signal_key};
    const auto colon = o.signal_key.find(':');
    if (auto p = parse_stat_period(o.signal_key.substr(0, colon))) {
      in.period_from = p->from.iso();
      in.period_to = p->to.iso();
    }
  }
  return investigation_new_form(app, ctx, 200, in, case_numbers_text(app, o.case_ids), {});
}

HttpResponse investigation_new_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  InvestigationInput in = investigation_from_form(ctx.req.form);
  const std::string numbers = ctx.req.form.get("cases");
  Errors errors;
  if (auto ids = resolve_case_numbers(app, numbers)) in.case_ids = *ids;
  else errors["cases"] = ids.error().message;
  auto i = validate_investigation(in, app.settings(), app.today());
  if (!i) merge_errors(errors, i.error(), "topic", {{"case_ids", "cases"}});
  if (!errors.empty()) return investigation_new_form(app, ctx, 400, in, numbers, errors);
  auto saved = app.store().investigations().create(*i, ctx.actor());
  if (!saved) {
    merge_errors(errors, saved.error(), "topic", {{"case_ids", "cases"}});
    return investigation_new_form(app, ctx, status_for(saved.error()), in, numbers, errors);
  }
  return HttpResponse::redirect("/undersoegelser/" + std::to_string(saved->id) + "?ok=investigation_created");
}

HttpResponse investigation_page(App& app, RequestContext& ctx, int64_t id, int status, const InvestigationInput* typed,
                                const std::string* typed_cases, const Errors& errors) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto i = app.store().investigations().get(id);
  if (!i) return app.error(ctx, i.error());
  json inv = investigation_row(app, ctx, *i);
  const std::string none = "–";
  inv["method"] = i->method.empty() ? none : i->method;
  inv["findings"] = i->findings.empty() ? none : i->findings;
  inv["conclusion"] = i->conclusion.empty() ? none : i->conclusion;
  inv["cases"] = case_links(app, i->case_ids);
  json signal_labels = json::array();
  for (const auto& key : i->signals) signal_labels.push_back(signal_label(app, ctx, key));
  inv["signals"] = signal_labels;
  RecommendationFilter rf;
  rf.investigation_id = id;
  rf.today = app.today();
  json recs = json::array();
  for (const auto& r : app.store().recommendations().list(rf)) recs.push_back(recommendation_row(app, ctx, r));
  json data = {{"title", app.text(ctx, "investigations.one") + " " + i->number},
               {"i", inv},
               {"recommendations", recs},
               {"has_recommendations", !recs.empty()},
               {"history", history_rows(app, ctx, app.store().investigations().history(id), "invfield.", "inv_status.")},
               {"may_edit", may(ctx, Permission::kCriticise)},
               {"version", i->version}};
  FormView form(app, ctx, errors);
  if (may(ctx, Permission::kCriticise)) {
    InvestigationInput in = typed ? *typed : to_input(*i);
    investigation_fields(app, ctx, form, data, in, typed_cases ? *typed_cases : case_numbers_text(app, i->case_ids), true);
  }
  form.summarise(data);
  return app.page(ctx, status, "investigation", data);
}

HttpResponse investigation_get(App& app, RequestContext& ctx) {
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("investigation.not_found"));
  return investigation_page(app, ctx, *id, 200, nullptr, nullptr, {});
}

HttpResponse investigation_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("investigation.not_found"));
  auto current = app.store().investigations().get(*id);
  if (!current) return app.error(ctx, current.error());
  InvestigationInput in = investigation_from_form(ctx.req.form);
  const std::string numbers = ctx.req.form.get("cases");
  Errors errors;
  if (auto ids = resolve_case_numbers(app, numbers)) in.case_ids = *ids;
  else errors["cases"] = ids.error().message;
  auto version = parse_id(ctx.req.form.get("version"));
  const bool conflict = !version || *version != current->version;
  if (conflict) errors["topic"] = "record.version_conflict";
  auto i = validate_investigation(in, app.settings(), app.today());
  if (!i) merge_errors(errors, i.error(), "topic", {{"case_ids", "cases"}});
  if (!errors.empty()) return investigation_page(app, ctx, *id, conflict ? 409 : 400, &in, &numbers, errors);
  i->id = current->id;
  i->number = current->number;
  i->version = current->version;
  auto changes = diff(*current, *i);
  if (changes.empty()) return HttpResponse::redirect("/undersoegelser/" + std::to_string(*id) + "?ok=nothing_changed");
  auto saved = app.store().investigations().update(*i, changes, ctx.actor());
  if (!saved) {
    merge_errors(errors, saved.error(), "topic", {{"case_ids", "cases"}});
    return investigation_page(app, ctx, *id, status_for(saved.error()), &in, &numbers, errors);
  }
  return HttpResponse::redirect("/undersoegelser/" + std::to_string(*id) + "?ok=investigation_saved");
}

HttpResponse investigation_delete(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("investigation.not_found"));
  auto st = app.store().investigations().remove(*id, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse::redirect("/undersoegelser?ok=investigation_deleted");
}

}  // namespace

void add_recommendation_pages(std::vector<App::Route>& r) {
  using A = App::Access;
  const auto add = [&](Method m, const char* pattern, App::Handler h) { r.push_back({m, pattern, std::move(h), A::kSignedIn, 0}); };
  add(Method::kGet, "/henstillinger", recommendations_list);
  add(Method::kGet, "/henstillinger/ny", recommendation_new_get);
  add(Method::kPost, "/henstillinger", recommendation_new_post);
  add(Method::kGet, R"(/henstillinger/:id(\d+))", recommendation_get);
  add(Method::kPost, R"(/henstillinger/:id(\d+))", recommendation_post);
  add(Method::kPost, R"(/henstillinger/:id(\d+)/slet)", recommendation_delete);
  add(Method::kGet, "/undersoegelser", investigations_list);
  add(Method::kGet, "/undersoegelser/ny", investigation_new_get);
  add(Method::kPost, "/undersoegelser", investigation_new_post);
  add(Method::kGet, R"(/undersoegelser/:id(\d+))", investigation_get);
  add(Method::kPost, R"(/undersoegelser/:id(\d+))", investigation_post);
  add(Method::kPost, R"(/undersoegelser/:id(\d+)/slet)", investigation_delete);
}

}  // namespace bb::web
