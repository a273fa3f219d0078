// The annual report (Årsberetning) page with downloads (PDF, XLSX, CSV, JSON, HTML), the
// advisor's foreword and case stories, the Statistik page for any period and department with
// CSV download, and the JSON API (GET /api/v1/reports/annual, GET /api/v1/statistics).
//
// Who sees what: advisors, assistants, managers and admins may read the report and the
// statistics (aggregates only; stories are anonymised by the advisor). The published view
// replaces counts below the office's threshold by "< 5"; managers and admins get only the
// published view of the annual report and of the statistics (page, CSV and API). Only advisors
// edit the foreword and the stories.
#include <tuple>

#include "render/report_html.h"
#include "render/report_pdf.h"
#include "render/report_xlsx.h"
#include "service/annual_report.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/page_helpers.h"

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

// Exact counts only for those who may read cases; everybody else gets the published view.
bool wants_published(const RequestContext& ctx, const Params& q) {
  return !may(ctx, Permission::kReadCases) || q.get("visning") == "offentlig" || q.get("published") == "1";
}

Result<int> year_of(std::string_view text, const Date& today) {
  if (text.empty()) return today.year() - (today.month() <= 2 ? 1 : 0);  // in Jan–Feb, last year's report
  auto n = parse_id(text);
  if (!n || *n < 1900 || *n > 2200) return Error::field(ErrorCode::kInvalid, "aar", "field.year");
  return static_cast<int>(*n);
}

// The report labelled in `lang`: the page's language on screen, Danish in every document that
// leaves the office (downloads and the API).
Report report_for(App& app, int year, bool publish, const std::string& lang = "da") {
  Report r = build_annual_report(app.store(), app.renderer().messages(), app.settings(), year, app.today(),
                                 app.config().questionnaires, lang);
  return publish ? published(std::move(r)) : r;
}

// ------------------------------------------------------------------------------ the report --

HttpResponse report_page(App& app, RequestContext& ctx, int status, const Errors& errors, const Params* typed) {
  if (auto deny = deny_read(app, ctx)) return *deny;
  Errors errs = errors;
  auto year = year_of(ctx.req.query.get("aar"), app.today());
  if (!year) {
    errs.emplace("aar", "field.year");
    year = app.today().year();
    if (status < 400) status = 400;
  }
  const bool publish = wants_published(ctx, ctx.req.query);
  const Report r = report_for(app, *year, publish, ctx.lang);
  json data = render::report_view(r, app.renderer().messages(), ctx.lang);
  data["title"] = fill(app.text(ctx, "report_page.title"), "year", std::to_string(*year));
  const std::string suffix = publish ? "?visning=offentlig" : "";
  json downloads = json::array();
  for (const char* ext : {"pdf", "xlsx", "csv", "json", "html"}) {
    downloads.push_back({{"href", "/aarsberetning/" + std::to_string(*year) + "." + ext + suffix},
                         {"label", app.text(ctx, std::string("report_page.download_") + ext)}});
  }
  data["downloads"] = downloads;
  FormView form(app, ctx, errs);
  data["f_year"] = form.input("aar", "report_page.year", std::to_string(*year), O{"text", "", false, false, "off"});
  if (may(ctx, Permission::kReadCases)) {
    data["f_view"] = form.select("visning", "report_page.view",
                                 {{"intern", app.text(ctx, "report_page.view_internal")},
                                  {"offentlig", app.text(ctx, "report_page.view_published")}},
                                 {publish ? "offentlig" : "intern"}, O{});
  }
  if (may(ctx, Permission::kCriticise)) {
    data["may_edit"] = true;
    const std::string foreword = typed && typed->has("foreword") ? typed->get("foreword") : r.foreword;
    data["f_foreword"] = form.textarea("foreword", "report_page.foreword", foreword,
                                       O{"text", "report_page.foreword_hint", false, true, "", 8});
    json all = json::array();
    for (const auto& s : app.store().reports().stories(*year)) {
      json j = {{"id", s.id}, {"title", s.title}, {"include", s.include}};
      if (s.case_id) {
        auto refs = app.store().cases().refs({*s.case_id});
        if (!refs.empty()) {
          j["case_id"] = refs.front().id;
          j["case_number"] = refs.front().number;
        }
      }
      all.push_back(j);
    }
    data["all_stories"] = all;
    const Params empty;
    const Params& t = typed && typed->has("title") ? *typed : empty;
    data["f_title"] = form.input("title", "report_page.story_title", t.get("title"), O{"text", "", true, false, "off", 6, true});
    data["f_text"] = form.textarea("text", "report_page.story_text", t.get("text"),
                                   O{"text", "report_page.story_text_hint", true, false, "", 6});
    data["f_case"] = form.input("case", "report_page.story_case", t.has("title") ? t.get("case") : ctx.req.query.get("sag"),
                                O{"text", "report_page.story_case_hint", false, true, "off"});
    data["f_include"] = form.choices("include", "report_page.story_include", {{"1", app.text(ctx, "report_page.include_yes")}},
                                     {t.has("title") ? t.get("include") : "1"}, O{"checkbox", "", false, true, ""});
  }
  form.summarise(data);
  return app.page(ctx, status, "report_page", data);
}

HttpResponse report_get(App& app, RequestContext& ctx) { return report_page(app, ctx, 200, {}, nullptr); }

HttpResponse report_download(App& app, RequestContext& ctx) {
  if (auto deny = deny_read(app, ctx)) return *deny;
  auto year = year_of(ctx.req.path_param("year"), app.today());
  if (!year) return app.error(ctx, year.error());
  const std::string ext(ctx.req.path_param("ext"));
  const bool publish = wants_published(ctx, ctx.req.query);
  const Report r = report_for(app, *year, publish);
  const auto& m = app.renderer().messages();
  const std::string name = "aarsberetning-" + std::to_string(*year) + (publish ? "" : "-intern");
  (void)app.store().audit().append("report.export", std::nullopt,
                                   "year:" + std::to_string(*year) + " format:" + ext + (publish ? " published" : " exact"),
                                   ctx.actor());
  if (ext == "pdf") return download(render::report_pdf(r, m), "application/pdf", name + ".pdf");
  if (ext == "xlsx") {
    return download(render::report_xlsx(r, m), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    name + ".xlsx");
  }
  if (ext == "csv") return download(report_csv(r), "text/csv; charset=utf-8", name + ".csv");
  if (ext == "json") return download(report_json(r).dump(2), "application/json", name + ".json");
  json data = render::report_view(r, m);
  data["title"] = fill(m.text("da", "report_page.title"), "year", std::to_string(*year));
  return download(app.renderer().render("report_document", data, "da"), "text/html; charset=utf-8", name + ".html");
}

HttpResponse foreword_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto year = year_of(ctx.req.path_param("year"), app.today());
  if (!year) return app.error(ctx, year.error());
  const std::string text = ctx.req.form.get("foreword");
  ctx.req.query.add("aar", std::to_string(*year));
  if (text.size() > kMaxLongText) return report_page(app, ctx, 400, {{"foreword", "field.too_long"}}, &ctx.req.form);
  auto st = app.store().reports().save_foreword(*year, text, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse::redirect("/aarsberetning?aar=" + std::to_string(*year) + "&ok=foreword_saved#rediger-forord");
}

// Reads the story form; the case is given by its number.
Result<Story> story_from_form(App& app, const Params& f, Errors& errors) {
  Story s;
  s.title = f.get("title");
  s.text = f.get("text");
  s.include = f.get("include") == "1";
  if (s.title.find_first_not_of(" \t\r\n") == std::string::npos) errors["title"] = "field.required";
  else if (s.title.size() > kMaxTitle) errors["title"] = "field.too_long";
  if (s.text.find_first_not_of(" \t\r\n") == std::string::npos) errors["text"] = "field.required";
  else if (s.text.size() > kMaxLongText) errors["text"] = "field.too_long";
  const std::string number = f.get("case");
  if (!number.empty()) {
    if (auto id = app.store().cases().id_by_number(number)) s.case_id = *id;
    else errors["case"] = "link.case_number_unknown";
  }
  if (!errors.empty()) return Error::invalid("error.validation");
  return s;
}

HttpResponse story_new_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto year = year_of(ctx.req.path_param("year"), app.today());
  if (!year) return app.error(ctx, year.error());
  ctx.req.query.add("aar", std::to_string(*year));
  Errors errors;
  auto s = story_from_form(app, ctx.req.form, errors);
  if (!s) return report_page(app, ctx, 400, errors, &ctx.req.form);
  s->year = *year;
  auto saved = app.store().reports().save_story(*s, ctx.actor());
  if (!saved) {
    merge_errors(errors, saved.error(), "title", {{"case_id", "case"}});
    return report_page(app, ctx, status_for(saved.error()), errors, &ctx.req.form);
  }
  return HttpResponse::redirect("/aarsberetning?aar=" + std::to_string(*year) + "&ok=story_saved#rediger-sager");
}

HttpResponse story_page(App& app, RequestContext& ctx, int64_t id, int status, const Errors& errors, const Params* typed) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto s = app.store().reports().story(id);
  if (!s) return app.error(ctx, s.error());
  std::string number;
  if (s->case_id) {
    auto refs = app.store().cases().refs({*s->case_id});
    if (!refs.empty()) number = refs.front().number;
  }
  FormView form(app, ctx, errors);
  json data = {{"title", app.text(ctx, "report_page.edit_story")}, {"id", s->id}, {"year", s->year}, {"version", s->version}};
  auto v = [&](const char* k, const std::string& stored) { return typed ? typed->get(k) : stored; };
  data["f_title"] = form.input("title", "report_page.story_title", v("title", s->title), O{"text", "", true, false, "off", 6, true});
  data["f_text"] = form.textarea("text", "report_page.story_text", v("text", s->text),
                                 O{"text", "report_page.story_text_hint", true, false, "", 8});
  data["f_case"] = form.input("case", "report_page.story_case", v("case", number),
                              O{"text", "report_page.story_case_hint", false, true, "off"});
  data["f_include"] = form.choices("include", "report_page.story_include", {{"1", app.text(ctx, "report_page.include_yes")}},
                                   {v("include", s->include ? "1" : "")}, O{"checkbox", "", false, true, ""});
  form.summarise(data);
  return app.page(ctx, status, "story", data);
}

HttpResponse story_get(App& app, RequestContext& ctx) {
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("story.not_found"));
  return story_page(app, ctx, *id, 200, {}, nullptr);
}

HttpResponse story_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("story.not_found"));
  auto current = app.store().reports().story(*id);
  if (!current) return app.error(ctx, current.error());
  Errors errors;
  auto s = story_from_form(app, ctx.req.form, errors);
  if (!s) return story_page(app, ctx, *id, 400, errors, &ctx.req.form);
  s->id = *id;
  s->year = current->year;
  auto version = parse_id(ctx.req.form.get("version"));
  s->version = version ? *version : -1;
  auto saved = app.store().reports().save_story(*s, ctx.actor());
  if (!saved) {
    if (saved.error().code == ErrorCode::kConflict) errors["title"] = "record.version_conflict";
    else merge_errors(errors, saved.error(), "title", {{"case_id", "case"}});
    return story_page(app, ctx, *id, status_for(saved.error()), errors, &ctx.req.form);
  }
  return HttpResponse::redirect("/aarsberetning?aar=" + std::to_string(saved->year) + "&ok=story_saved#rediger-sager");
}

HttpResponse story_delete(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("story.not_found"));
  auto current = app.store().reports().story(*id);
  if (!current) return app.error(ctx, current.error());
  auto st = app.store().reports().remove_story(*id, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse::redirect("/aarsberetning?aar=" + std::to_string(current->year) + "&ok=story_deleted#rediger-sager");
}

// ------------------------------------------------------------------------------ statistics --

struct StatsQuery {
  StatPeriod period;
  std::string department;
};

Result<StatsQuery> stats_query(App& app, const Params& q, const char* period_key, const char* department_key) {
  StatsQuery s;
  const std::string p = q.get(period_key);
  if (p.empty()) {
    s.period = {StatPeriod::Kind::kYear, Date(app.today().year(), 1, 1), Date(app.today().year(), 12, 31),
                std::to_string(app.today().year())};
  } else {
    auto parsed = parse_stat_period(p);
    if (!parsed) return Error::field(ErrorCode::kInvalid, period_key, parsed.error().fields.empty() ? parsed.error().message : parsed.error().fields.begin()->second);
    s.period = *parsed;
  }
  s.department = q.get(department_key);
  if (!s.department.empty() && !app.settings().has_department(s.department)) {
    return Error::field(ErrorCode::kInvalid, department_key, "case.department_unknown");
  }
  return s;
}

// The figures for the period and the period just before it.
Report statistics_report(App& app, const StatsQuery& s, const std::string& lang = "da") {
  Report r;
  r.year = s.period.from.year();
  r.municipality = app.settings().municipality;
  r.office_name = app.settings().office_name;
  r.threshold = app.settings().small_count_threshold;
  const auto& m = app.renderer().messages();
  std::tie(r.current, r.previous) = build_figures_with_previous(
      app.store(), m, app.settings(), s.period, previous_periods(s.period, 1).front(), s.department, app.today(),
      lang);
  // Months of different periods do not pair up (July is not "the same" as April).
  if (s.period.kind != StatPeriod::Kind::kYear) r.previous.by_month.rows.clear();
  return r;
}

HttpResponse statistics_get(App& app, RequestContext& ctx) {
  if (auto deny = deny_read(app, ctx)) return *deny;
  Errors errors;
  auto s = stats_query(app, ctx.req.query, "periode", "forvaltning");
  json data = {{"title", app.text(ctx, "statistics.title")}};
  if (s) {
    Report r = statistics_report(app, *s, ctx.lang);
    const bool publish = wants_published(ctx, ctx.req.query);
    if (publish) r = published(std::move(r));
    data["report"] = render::report_view(r, app.renderer().messages(), ctx.lang);
    data["csv_href"] = "/statistik.csv?periode=" + query_value(s->period.label) +
                       (s->department.empty() ? "" : "&forvaltning=" + query_value(s->department)) +
                       (publish && may(ctx, Permission::kReadCases) ? "&visning=offentlig" : "");
  } else {
    merge_errors(errors, s.error(), "periode");
  }
  FormView form(app, ctx, errors);
  data["f_period"] = form.input("periode", "statistics.period", ctx.req.query.get("periode"),
                                O{"text", "signals.period_hint", false, true, "off"});
  auto deps = department_options(app);
  deps.insert(deps.begin(), {"", app.text(ctx, "statistics.all_departments")});
  data["f_department"] = form.select("forvaltning", "statistics.department", deps, {ctx.req.query.get("forvaltning")}, O{});
  form.summarise(data);
  return app.page(ctx, errors.empty() ? 200 : 400, "statistics", data);
}

HttpResponse statistics_csv(App& app, RequestContext& ctx) {
  if (auto deny = deny_read(app, ctx)) return *deny;
  auto s = stats_query(app, ctx.req.query, "periode", "forvaltning");
  if (!s) return app.error(ctx, s.error());
  Report r = statistics_report(app, *s);
  if (wants_published(ctx, ctx.req.query)) r = published(std::move(r));
  return download(report_csv(r), "text/csv; charset=utf-8", "statistik-" + s->period.label + ".csv");
}

// ------------------------------------------------------------------------------------- API --

HttpResponse api_annual(App& app, RequestContext& ctx) {
  if (auto deny = deny_read(app, ctx)) return *deny;
  auto year = year_of(ctx.req.query.get("year"), app.today());
  if (!year) return app.error(ctx, Error::field(ErrorCode::kInvalid, "year", "field.year"));
  const Report r = report_for(app, *year, wants_published(ctx, ctx.req.query));
  return HttpResponse::json(200, report_json(r).dump());
}

HttpResponse api_statistics(App& app, RequestContext& ctx) {
  if (auto deny = deny_read(app, ctx)) return *deny;
  auto s = stats_query(app, ctx.req.query, "period", "department");
  if (!s) return app.error(ctx, s.error());
  Report r = statistics_report(app, *s);
  if (wants_published(ctx, ctx.req.query)) r = published(std::move(r));
  json j = figures_json(r.current, r.threshold);
  j["previous_period"] = figures_json(r.previous, r.threshold);
  j["published"] = r.published;
  return HttpResponse::json(200, j.dump());
}

}  // namespace

void add_report_pages(std::vector<App::Route>& r) {
  using A = App::Access;
  const auto add = [&](Method m, const char* pattern, App::Handler h) { r.push_back({m, pattern, std::move(h), A::kSignedIn, 0}); };
  add(Method::kGet, "/aarsberetning", report_get);
  add(Method::kGet, R"(/aarsberetning/:year(\d{4})\.:ext(pdf|xlsx|csv|json|html))", report_download);
  add(Method::kPost, R"(/aarsberetning/:year(\d{4})/forord)", foreword_post);
  add(Method::kPost, R"(/aarsberetning/:year(\d{4})/historier)", story_new_post);
  add(Method::kGet, R"(/aarsberetning/historier/:id(\d+))", story_get);
  add(Method::kPost, R"(/aarsberetning/historier/:id(\d+))", story_post);
  add(Method::kPost, R"(/aarsberetning/historier/:id(\d+)/slet)", story_delete);
  add(Method::kGet, "/statistik", statistics_get);
  add(Method::kGet, "/statistik.csv", statistics_csv);
  add(Method::kGet, "/api/v1/reports/annual", api_annual);
  add(Method::kGet, "/api/v1/statistics", api_statistics);
}

}  // namespace bb::web
