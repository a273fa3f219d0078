// Teaching and sparring (undervisning, sparring, oplæg, møder): the year's list with totals by
// kind, registering, editing and deleting an activity. Managers see the list (no case content
// in activities) but cannot change it.
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

std::optional<HttpResponse> deny_read(App& app, RequestContext& ctx) {
  if (may(ctx, Permission::kReadCases)) return std::nullopt;
  return app.deny_unless(ctx, Permission::kViewStatistics);
}

void activity_fields(App& app, RequestContext& ctx, FormView& form, json& data, const ActivityInput& in) {
  data["f_date"] = form.input("date", "actfield.date", in.date, O{"text", "field_hint.date", true, false, "off"});
  data["f_kind"] = form.select("kind", "actfield.kind", code_options<ActivityKind>(app, ctx, "act_kind"), {in.kind}, O{});
  auto deps = department_options(app);
  deps.insert(deps.begin(), {"", app.text(ctx, "actfield.all_departments")});
  data["f_department"] = form.select("department", "actfield.department", deps, {in.department}, O{});
  data["f_topic"] = form.input("topic", "actfield.topic", in.topic, O{"text", "", true, false, "off"});
  data["f_participants"] = form.input("participants", "actfield.participants", in.participants,
                                      O{"text", "", false, true, "off"});
  data["f_hours"] = form.input("hours", "actfield.hours", in.hours, O{"text", "actfield.hours_hint", true, false, "off"});
}

HttpResponse activities_page(App& app, RequestContext& ctx, int status, const ActivityInput& typed, const Errors& errors) {
  if (auto deny = deny_read(app, ctx)) return *deny;
  int year = app.today().year();
  Errors errs = errors;
  if (auto y = ctx.req.query.find("aar"); y && !y->empty()) {
    auto n = parse_id(*y);
    if (n && *n >= 1900 && *n <= 2200) {
      year = static_cast<int>(*n);
    } else {
      errs.emplace("aar", "field.year");
      if (status < 400) status = 400;
    }
  }
  ActivityFilter f;
  f.from = Date(year, 1, 1);
  f.to = Date(year, 12, 31);
  struct Total {
    int64_t count = 0, participants = 0, minutes = 0;
  };
  std::map<ActivityKind, Total> totals;
  json rows = json::array();
  for (const auto& a : app.store().activities().list(f)) {
    auto& t = totals[a.kind];
    ++t.count;
    t.participants += a.participants;
    t.minutes += a.minutes;
    rows.push_back({{"id", a.id},
                    {"date", a.date.written(ctx.lang)},
                    {"kind", app.text(ctx, std::string("act_kind.") + to_code(a.kind))},
                    {"department", a.department.empty() ? app.text(ctx, "actfield.all_departments") : a.department},
                    {"topic", a.topic},
                    {"participants", a.participants},
                    {"hours", hours_text(a.minutes)}});
  }
  json total_rows = json::array();
  for (ActivityKind k : all_codes<ActivityKind>()) {
    const Total t = totals[k];
    total_rows.push_back({{"kind", app.text(ctx, std::string("act_kind.") + to_code(k))},
                          {"count", t.count},
                          {"participants", t.participants},
                          {"hours", hours_text(static_cast<int>(t.minutes))}});
  }
  const bool may_write = may(ctx, Permission::kWriteCases);
  json data = {{"title", app.text(ctx, "activities.title")},
               {"year", year},
               {"heading", fill(app.text(ctx, "activities.year_heading"), "year", std::to_string(year))},
               {"items", rows},
               {"has_items", !rows.empty()},
               {"totals", total_rows},
               {"may_write", may_write}};
  FormView form(app, ctx, errs);
  data["f_year"] = form.input("aar", "activities.year", std::to_string(year), O{"text", "", false, false, "off"});
  if (may_write) {
    ActivityInput in = typed;
    if (in.date.empty() && errors.empty()) in.date = app.today().iso();
    activity_fields(app, ctx, form, data, in);
  }
  form.summarise(data);
  return app.page(ctx, status, "activities", data);
}

HttpResponse activities_get(App& app, RequestContext& ctx) { return activities_page(app, ctx, 200, {}, {}); }

HttpResponse activity_new_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  ActivityInput in = activity_from_form(ctx.req.form);
  auto a = validate_activity(in, app.settings(), app.today());
  Errors errors;
  if (!a) {
    merge_errors(errors, a.error(), "topic");
    return activities_page(app, ctx, 400, in, errors);
  }
  auto saved = app.store().activities().create(*a, ctx.actor());
  if (!saved) {
    merge_errors(errors, saved.error(), "topic");
    return activities_page(app, ctx, status_for(saved.error()), in, errors);
  }
  return HttpResponse::redirect("/aktiviteter?aar=" + std::to_string(saved->date.year()) + "&ok=activity_saved");
}

HttpResponse activity_page(App& app, RequestContext& ctx, int64_t id, int status, const ActivityInput* typed,
                           const Errors& errors) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto a = app.store().activities().get(id);
  if (!a) return app.error(ctx, a.error());
  FormView form(app, ctx, errors);
  json data = {{"title", app.text(ctx, "activities.edit_title")}, {"id", a->id}, {"version", a->version}};
  activity_fields(app, ctx, form, data, typed ? *typed : to_input(*a));
  form.summarise(data);
  return app.page(ctx, status, "activity", data);
}

HttpResponse activity_get(App& app, RequestContext& ctx) {
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("activity.not_found"));
  return activity_page(app, ctx, *id, 200, nullptr, {});
}

HttpResponse activity_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("activity.not_found"));
  ActivityInput in = activity_from_form(ctx.req.form);
  auto a = validate_activity(in, app.settings(), app.today());
  Errors errors;
  if (!a) {
    merge_errors(errors, a.error(), "topic");
    return activity_page(app, ctx, *id, 400, &in, errors);
  }
  a->id = *id;
  auto version = parse_id(ctx.req.form.get("version"));
  a->version = version ? *version : -1;
  auto saved = app.store().activities().update(*a, ctx.actor());
  if (!saved) {
    merge_errors(errors, saved.error(), "topic");
    if (saved.error().code == ErrorCode::kConflict) errors["topic"] = "record.version_conflict";
    return activity_page(app, ctx, *id, status_for(saved.error()), &in, errors);
  }
  return HttpResponse::redirect("/aktiviteter?aar=" + std::to_string(saved->date.year()) + "&ok=activity_saved");
}

HttpResponse activity_delete(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("activity.not_found"));
  auto st = app.store().activities().remove(*id, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse::redirect("/aktiviteter?ok=activity_deleted");
}

}  // namespace

void add_activity_pages(std::vector<App::Route>& r) {
  using A = App::Access;
  r.push_back({Method::kGet, "/aktiviteter", activities_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/aktiviteter", activity_new_post, A::kSignedIn, 0});
  r.push_back({Method::kGet, R"(/aktiviteter/:id(\d+))", activity_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/aktiviteter/:id(\d+))", activity_post, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/aktiviteter/:id(\d+)/slet)", activity_delete, A::kSignedIn, 0});
}

}  // namespace bb::web
