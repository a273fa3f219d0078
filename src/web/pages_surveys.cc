// Satisfaction surveys (tilfredshedsundersøgelser).
//
// Staff pages under /tilfredshed: the surveys with their public address, one-time codes on
// printable slips with QR codes, the paper questionnaire, a fast entry page for paper answers,
// CSV import, approval of comments, and the results with breakdowns and downloads. Advisors do
// everything; managers and admins see the results only (they are aggregates).
//
// The public answer page /svar/<slug> is anonymous (App::Access::kAnonymous): no session, no
// cookie, the language from ?lang=en, nothing about the request stored with the answer, no
// audit entry. The receipt is rendered in the response to the POST, not behind a redirect.
#include "domain/survey_csv.h"
#include "render/survey_html.h"
#include "render/survey_pdf.h"
#include "service/surveys.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/page_helpers.h"

namespace bb::web {
namespace {

using nlohmann::json;
using O = FormView::Opts;
using Errors = std::map<std::string, std::string>;

bool may(const RequestContext& ctx, Permission p) { return ctx.user && has_permission(ctx.user->role, p); }

std::optional<HttpResponse> deny_results(App& app, RequestContext& ctx) {
  if (may(ctx, Permission::kWriteCases)) return std::nullopt;
  return app.deny_unless(ctx, Permission::kViewStatistics);
}

std::vector<Questionnaire> questionnaires(App& app) {
  return all_questionnaires(app.store(), app.config().questionnaires);
}

std::string title_in(const Questionnaire& q, const std::string& lang) {
  return lang == "en" && !q.title_en.empty() ? q.title_en : q.title;
}

// The address people answer at, for the QR codes: from the request's Host.
std::string answer_url(App& app, RequestContext& ctx, const Survey& s) {
  std::string host = ctx.req.header("host");
  if (host.empty() || host.find_first_of(" /\\\"<>") != std::string::npos) host = "localhost";
  return std::string(app.config().secure_cookies ? "https://" : "http://") + host + "/svar/" + s.slug;
}

std::optional<Survey> survey_param(App& app, RequestContext& ctx) {
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return std::nullopt;
  auto s = app.store().surveys().survey(*id);
  if (!s) return std::nullopt;
  return *s;
}

// --- the questions as form fields (answer page and entry page) --------------------------------

json question_fields(App& app, RequestContext& ctx, FormView& form, const Questionnaire& q,
                     const std::map<std::string, std::vector<std::string>>& given) {
  json fields = json::array();
  std::vector<FormView::Option> likert;
  for (const char* code : kLikertCodes) likert.push_back({code, app.text(ctx, std::string("likert.") + code)});
  const bool en = ctx.lang == "en";
  for (const auto& x : q.questions) {
    const std::string text = en && !x.text_en.empty() ? x.text_en : x.text;
    std::vector<std::string> chosen;
    if (auto it = given.find(x.id); it != given.end()) chosen = it->second;
    json f;
    O opts;
    opts.optional = true;
    if (x.type == QuestionType::kText) {
      opts.rows = 4;
      opts.wide = true;
      f = form.textarea(x.id, "survey_answer.comment", chosen.empty() ? "" : chosen.front(), opts);
      f["is_textarea"] = true;
    } else {
      std::vector<FormView::Option> options = likert;
      if (x.type != QuestionType::kLikert) {
        options.clear();
        for (const auto& o : x.options) options.push_back({o.code, en && !o.label_en.empty() ? o.label_en : o.label});
      }
      if (x.type == QuestionType::kMulti) opts.hint = "survey_answer.multi_hint";
      f = form.choices(x.id, "survey_answer.comment", options, chosen, opts, x.type == QuestionType::kMulti);
      f["is_choices"] = true;
    }
    f["label"] = text;  // the question itself, not a catalogue text
    fields.push_back(std::move(f));
  }
  return fields;
}

std::map<std::string, std::vector<std::string>> answers_from_form(const Questionnaire& q, const Params& form) {
  std::map<std::string, std::vector<std::string>> given;
  for (const auto& x : q.questions) {
    auto values = form.all(x.id);
    if (!values.empty()) given[x.id] = std::move(values);
  }
  return given;
}

// --- public: the answer page ------------------------------------------------------------------

HttpResponse answer_page(App& app, RequestContext& ctx, const Survey& s, const Questionnaire& q, int status,
                         const std::map<std::string, std::vector<std::string>>& given, const Errors& errors,
                         const std::string& code) {
  FormView form(app, ctx, errors);
  const bool en = ctx.lang == "en";
  json data = {{"title", title_in(q, ctx.lang)},
               {"intro", en && !q.intro_en.empty() ? q.intro_en : q.intro},
               {"action", "/svar/" + s.slug + (en ? "?lang=en" : "")},
               {"other_lang_href", "/svar/" + s.slug + (en ? "" : "?lang=en") +
                                       (code.empty() ? "" : std::string(en ? "?" : "&") + "kode=" + query_value(code))},
               {"other_lang_label", en ? "Dansk" : "English"},
               {"other_lang", en ? "da" : "en"},
               {"public", true},
               {"no_session", true}};
  if (s.codes_required) {  // built first: the code field comes first in the form and in the summary
    O opts;
    opts.required = true;
    opts.hint = "survey_answer.code_hint";
    opts.autocomplete = "off";
    data["f_code"] = form.input("kode", "survey_answer.code", code, opts);
  }
  data["questions"] = question_fields(app, ctx, form, q, given);
  form.summarise(data);
  return app.page(ctx, status, "survey_answer", data);
}

std::optional<HttpResponse> closed_survey(App& app, RequestContext& ctx, const Result<Survey>& s) {
  if (!s) return app.error(ctx, Error::not_found("survey.not_found"));
  if (!s->open_on(app.today())) {
    return app.page(ctx, 410, "survey_closed",
                    {{"title", app.text(ctx, "survey_answer.closed_title")}, {"public", true}, {"no_session", true}});
  }
  return std::nullopt;
}

HttpResponse answer_get(App& app, RequestContext& ctx) {
  auto s = app.store().surveys().survey_by_slug(std::string(ctx.req.path_param("slug")));
  if (auto closed = closed_survey(app, ctx, s)) return *closed;
  const auto all = questionnaires(app);
  const Questionnaire* q = find_questionnaire(all, s->questionnaire);
  if (!q) return app.error(ctx, Error::not_found("survey.not_found"));
  return answer_page(app, ctx, *s, *q, 200, {}, {}, ctx.req.query.get("kode"));
}

HttpResponse answer_post(App& app, RequestContext& ctx) {
  auto s = app.store().surveys().survey_by_slug(std::string(ctx.req.path_param("slug")));
  if (auto closed = closed_survey(app, ctx, s)) return *closed;
  if (!app.survey_limiter().allow(ctx.req.remote_ip, std::chrono::steady_clock::now())) {
    return app.error(ctx, Error{ErrorCode::kRateLimited, "survey_answer.rate_limited", {}});
  }
  const auto all = questionnaires(app);
  const Questionnaire* q = find_questionnaire(all, s->questionnaire);
  if (!q) return app.error(ctx, Error::not_found("survey.not_found"));
  const auto given = answers_from_form(*q, ctx.req.form);
  std::string code = ctx.req.form.get("kode");
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Errors errors;
  auto answers = validate_answers(*q, given);
  if (!answers) merge_errors(errors, answers.error(), "kode");
  if (answers && answers->empty()) errors[q->questions.front().id] = "survey.empty_answer";
  if (s->codes_required && code.empty()) errors["kode"] = "survey.code_required";
  if (!errors.empty()) return answer_page(app, ctx, *s, *q, 400, given, errors, code);
  Response r{q->code, app.settings().municipality, app.today(), "web", "", std::move(*answers)};
  auto st = app.store().surveys().submit(r, s->id, s->codes_required ? code : "", std::nullopt);
  if (!st) {
    merge_errors(errors, st.error(), "kode");
    return answer_page(app, ctx, *s, *q, status_for(st.error()), given, errors, code);
  }
  return app.page(ctx, 200, "survey_thanks",
                  {{"title", app.text(ctx, "survey_answer.thanks_title")}, {"public", true}, {"no_session", true}});
}

// --- staff: the list ----------------------------------------------------------------------

HttpResponse surveys_page(App& app, RequestContext& ctx, int status, const Errors& errors, const Params* typed,
                          const std::vector<std::string>& import_problems) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  const auto all = questionnaires(app);
  json rows = json::array();
  for (const auto& s : app.store().surveys().surveys()) {
    const Questionnaire* q = find_questionnaire(all, s.questionnaire);
    rows.push_back({{"id", s.id},
                    {"title", s.title},
                    {"questionnaire", q ? title_in(*q, ctx.lang) : s.questionnaire},
                    {"period", s.opens_on.written(ctx.lang) + " – " + (s.closes_on ? s.closes_on->written(ctx.lang) : std::string())},
                    {"open", s.open_on(app.today())},
                    {"responses", s.responses}});
  }
  FormView form(app, ctx, errors);
  std::vector<FormView::Option> qs;
  for (const auto& q : all) qs.push_back({q.code, title_in(q, ctx.lang)});
  auto get = [&](const char* name, const std::string& fallback) {
    return typed ? typed->get(name) : fallback;
  };
  json data = {{"title", app.text(ctx, "survey_page.title")},
               {"items", rows},
               {"has_items", !rows.empty()},
               {"pending", app.store().surveys().comments("pending", std::nullopt).size()}};
  data["f_questionnaire"] = form.select("questionnaire", "survey_page.questionnaire", qs,
                                        {get("questionnaire", "borger")}, O{"text", "", true, false, ""});
  data["f_title"] = form.input("title", "survey_page.survey_title", get("title", ""), O{"text", "", true, false, "off"});
  data["f_opens"] = form.input("opens", "survey_page.opens", get("opens", app.today().iso()),
                               O{"text", "field_hint.date", true, false, "off"});
  data["f_closes"] = form.input("closes", "survey_page.closes", get("closes", ""),
                                O{"text", "field_hint.date", false, true, "off"});
  data["f_codes"] = form.input("codes", "survey_page.codes", get("codes", "0"),
                               O{"text", "survey_page.codes_hint", false, true, "off"});
  std::vector<FormView::Option> targets{{"", app.text(ctx, "survey_page.no_survey")}};
  for (const auto& r : rows) targets.push_back({std::to_string(r["id"].get<int64_t>()), r["title"].get<std::string>()});
  data["f_import_survey"] = form.select("survey", "survey_page.import_survey", targets, {get("survey", "")},
                                        O{"text", "", false, true, ""});
  data["f_import_date"] = form.input("answered_on", "survey_page.import_date", get("answered_on", ""),
                                     O{"text", "survey_page.import_date_hint", false, true, "off"});
  json problems = json::array();
  for (const auto& p : import_problems) problems.push_back(p);
  data["import_problems"] = problems;
  data["has_import_problems"] = !problems.empty();
  form.summarise(data);
  return app.page(ctx, status, "surveys", data);
}

HttpResponse surveys_get(App& app, RequestContext& ctx) {
  return surveys_page(app, ctx, 200, {}, nullptr, {});
}

HttpResponse survey_create_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  const Params& f = ctx.req.form;
  Errors errors;
  Survey s;
  s.questionnaire = f.get("questionnaire");
  if (!find_questionnaire(questionnaires(app), s.questionnaire)) errors["questionnaire"] = "survey.questionnaire_unknown";
  s.title = f.get("title");
  if (s.title.empty()) errors["title"] = "field.required";
  if (s.title.size() > 200) errors["title"] = "field.too_long";
  auto opens = Date::parse_iso(f.get("opens"));
  if (!opens) errors["opens"] = "field.date";
  if (!f.get("closes").empty()) {
    s.closes_on = Date::parse_iso(f.get("closes"));
    if (!s.closes_on || (opens && *s.closes_on < *opens)) errors["closes"] = "survey.closes_before_opens";
  }
  int codes = 0;
  if (!f.get("codes").empty()) {
    auto n = parse_id(f.get("codes"));
    if (f.get("codes") == "0") n = 0;
    if (!n || *n > 1000) errors["codes"] = "survey.code_count";
    else codes = static_cast<int>(*n);
  }
  if (!errors.empty()) return surveys_page(app, ctx, 400, errors, &f, {});
  s.opens_on = *opens;
  s.codes_required = codes > 0;
  auto created = app.store().surveys().create_survey(s, ctx.actor());
  if (!created) return app.error(ctx, created.error());
  if (codes > 0) {
    auto made = app.store().surveys().add_codes(created->id, codes, ctx.actor());
    if (!made) return app.error(ctx, made.error());
  }
  return HttpResponse::redirect("/tilfredshed/" + std::to_string(created->id) + "?ok=survey_created");
}

HttpResponse survey_import_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  Errors errors;
  std::optional<int64_t> survey_id;
  if (!ctx.req.form.get("survey").empty()) {
    survey_id = parse_id(ctx.req.form.get("survey"));
    if (!survey_id || !app.store().surveys().survey(*survey_id)) errors["survey"] = "survey.not_found";
  }
  const UploadedFile* file = nullptr;
  for (const auto& f : ctx.req.files) {
    if (f.field == "fil" && !f.content.empty()) file = &f;
  }
  if (!file) errors["fil"] = "survey.csv.no_file";
  Date answered_on = app.today();
  if (const auto& d = ctx.req.form.get("answered_on"); !d.empty()) {
    auto parsed_day = Date::parse_iso(d);
    if (!parsed_day || *parsed_day > app.today()) errors["answered_on"] = "field.date";
    else answered_on = *parsed_day;
  }
  if (!errors.empty()) return surveys_page(app, ctx, 400, errors, &ctx.req.form, {});
  const auto all = questionnaires(app);
  const std::string only_group = survey_id ? app.store().surveys().survey(*survey_id)->questionnaire : "";
  const SurveyCsvImport parsed = parse_survey_csv(file->content, all, answered_on, only_group);
  std::vector<std::string> problems;
  auto describe = [&](const CsvImportProblem& p) {
    std::string line = fill(app.text(ctx, "survey_page.import_line"), "line", std::to_string(p.line));
    if (!p.column.empty()) line += ", " + fill(app.text(ctx, "survey_page.import_column"), "column", p.column);
    return line + ": " + app.text(ctx, p.message);
  };
  for (const auto& p : parsed.problems) problems.push_back(describe(p));
  if (problems.empty()) {
    auto stored = app.store().surveys().import(parsed.responses, survey_id, ctx.actor());
    if (stored) return HttpResponse::redirect("/tilfredshed?ok=survey_imported");
    for (const auto& p : refused_lines(parsed, stored.error(), respondent_key)) problems.push_back(describe(p));
    if (problems.empty()) problems.push_back(app.text(ctx, stored.error().message));
  }
  errors["fil"] = "survey.csv.invalid_file";
  return surveys_page(app, ctx, 400, errors, &ctx.req.form, problems);
}

// --- staff: one survey ----------------------------------------------------------------------

HttpResponse survey_get(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto s = survey_param(app, ctx);
  if (!s) return app.error(ctx, Error::not_found("survey.not_found"));
  const auto all = questionnaires(app);
  const Questionnaire* q = find_questionnaire(all, s->questionnaire);
  json data = {{"title", s->title},
               {"id", s->id},
               {"questionnaire", q ? title_in(*q, ctx.lang) : s->questionnaire},
               {"url", answer_url(app, ctx, *s)},
               {"path", "/svar/" + s->slug},
               {"period", s->opens_on.written(ctx.lang) + " – " + (s->closes_on ? s->closes_on->written(ctx.lang) : std::string())},
               {"open", s->open_on(app.today())},
               {"responses", s->responses},
               {"codes_required", s->codes_required},
               {"codes_text", fill(fill(app.text(ctx, "survey_page.codes_status"), "used", std::to_string(s->codes_used)),
                                   "total", std::to_string(s->codes_total))}};
  FormView form(app, ctx, {});
  data["f_count"] = form.input("count", "survey_page.codes_more", "40", O{"text", "survey_page.codes_hint", true, false, "off"});
  return app.page(ctx, 200, "survey", data);
}

HttpResponse survey_codes_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto s = survey_param(app, ctx);
  if (!s) return app.error(ctx, Error::not_found("survey.not_found"));
  auto n = parse_id(ctx.req.form.get("count"));
  if (!n || *n > 1000) return app.error(ctx, Error::field(ErrorCode::kInvalid, "count", "survey.code_count"));
  auto made = app.store().surveys().add_codes(s->id, static_cast<int>(*n), ctx.actor());
  if (!made) return app.error(ctx, made.error());
  if (!s->codes_required) {
    Survey changed = *s;
    changed.codes_required = true;
    auto saved = app.store().surveys().update_survey(changed, ctx.actor());
    if (!saved) return app.error(ctx, saved.error());
  }
  return HttpResponse::redirect("/tilfredshed/" + std::to_string(s->id) + "?ok=survey_codes");
}

HttpResponse survey_slips_pdf(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto s = survey_param(app, ctx);
  if (!s) return app.error(ctx, Error::not_found("survey.not_found"));
  const auto codes = app.store().surveys().unused_codes(s->id);
  auto text = render::slip_text(app.renderer().messages(), "da");
  return download(render::code_slips_pdf(codes, answer_url(app, ctx, *s), text), "application/pdf",
                  "svarkoder-" + std::to_string(s->id) + ".pdf");
}

HttpResponse survey_paper_pdf(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto s = survey_param(app, ctx);
  if (!s) return app.error(ctx, Error::not_found("survey.not_found"));
  const auto all = questionnaires(app);
  const Questionnaire* q = find_questionnaire(all, s->questionnaire);
  if (!q) return app.error(ctx, Error::not_found("survey.not_found"));
  const std::string lang = ctx.req.query.get("lang") == "en" ? "en" : "da";
  return download(render::questionnaire_pdf(*q, render::questionnaire_pdf_text(app.renderer().messages(), lang)),
                  "application/pdf", "spoergeskema-" + q->code + (lang == "en" ? "-en" : "") + ".pdf");
}

// Paper answers typed in: the same questions, a fast form that returns empty after each save.
HttpResponse entry_page(App& app, RequestContext& ctx, const Survey& s, const Questionnaire& q, int status,
                        const std::map<std::string, std::vector<std::string>>& given, const Errors& errors,
                        const std::string& respondent) {
  FormView form(app, ctx, errors);
  json data = {{"title", fill(app.text(ctx, "survey_page.entry_title"), "title", s.title)},
               {"id", s.id},
               {"responses", s.responses},
               {"saved", ctx.req.query.get("ok") == "entry_saved"}};
  data["f_respondent"] = form.input("respondent_id", "survey_page.respondent", respondent,
                                    O{"text", "survey_page.respondent_hint", false, true, "off"});
  data["questions"] = question_fields(app, ctx, form, q, given);
  form.summarise(data);
  return app.page(ctx, status, "survey_entry", data);
}

HttpResponse entry_get(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto s = survey_param(app, ctx);
  if (!s) return app.error(ctx, Error::not_found("survey.not_found"));
  const auto all = questionnaires(app);
  const Questionnaire* q = find_questionnaire(all, s->questionnaire);
  if (!q) return app.error(ctx, Error::not_found("survey.not_found"));
  return entry_page(app, ctx, *s, *q, 200, {}, {}, "");
}

HttpResponse entry_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto s = survey_param(app, ctx);
  if (!s) return app.error(ctx, Error::not_found("survey.not_found"));
  const auto all = questionnaires(app);
  const Questionnaire* q = find_questionnaire(all, s->questionnaire);
  if (!q) return app.error(ctx, Error::not_found("survey.not_found"));
  const auto given = answers_from_form(*q, ctx.req.form);
  const std::string respondent = ctx.req.form.get("respondent_id");
  Errors errors;
  auto answers = validate_answers(*q, given);
  if (!answers) merge_errors(errors, answers.error(), "respondent_id");
  if (answers && answers->empty()) errors[q->questions.front().id] = "survey.empty_answer";
  if (respondent.size() > 100) errors["respondent_id"] = "field.too_long";
  if (!errors.empty()) return entry_page(app, ctx, *s, *q, 400, given, errors, respondent);
  Response r{q->code, app.settings().municipality, app.today(), "paper", respondent, std::move(*answers)};
  Status st = respondent.empty() ? app.store().surveys().submit(r, s->id, "", ctx.actor())
                                 : [&]() -> Status {
                                     auto n = app.store().surveys().import({r}, s->id, ctx.actor());
                                     if (!n) return n.error();
                                     return ok_status();
                                   }();
  if (!st) {
    if (st.error().code == ErrorCode::kConflict) errors["respondent_id"] = "survey.csv.already_imported";
    else merge_errors(errors, st.error(), "respondent_id");
    return entry_page(app, ctx, *s, *q, status_for(st.error()), given, errors, respondent);
  }
  return HttpResponse::redirect("/tilfredshed/" + std::to_string(s->id) + "/indtast?ok=entry_saved");
}

// --- staff: comments ----------------------------------------------------------------------

HttpResponse comments_get(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kPublish)) return *deny;
  std::string status = ctx.req.query.get("status");
  if (status != "approved" && status != "rejected") status = "pending";
  const auto all = questionnaires(app);
  json rows = json::array();
  for (const auto& c : app.store().surveys().comments(status, std::nullopt)) {
    const Questionnaire* q = find_questionnaire(all, c.group);
    rows.push_back({{"id", c.id}, {"group", q ? title_in(*q, ctx.lang) : c.group}, {"text", c.text},
                    {"may_approve", status != "approved"}, {"may_reject", status != "rejected"}});
  }
  json tabs = json::array();
  for (const char* st : {"pending", "approved", "rejected"}) {
    tabs.push_back({{"href", std::string("/tilfredshed/kommentarer?status=") + st},
                    {"label", app.text(ctx, std::string("survey_page.comments_") + st)},
                    {"current", status == st}});
  }
  return app.page(ctx, 200, "survey_comments",
                  {{"title", app.text(ctx, "survey_page.comments_title")},
                   {"items", rows},
                   {"has_items", !rows.empty()},
                   {"tabs", tabs},
                   {"status", status}});
}

HttpResponse comment_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kPublish)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("survey.comment_not_found"));
  const std::string decision = ctx.req.form.get("decision");
  auto st = app.store().surveys().decide_comment(*id, decision, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  std::string back = ctx.req.form.get("back");
  if (back != "approved" && back != "rejected") back = "pending";
  return HttpResponse::redirect("/tilfredshed/kommentarer?status=" + back + "&ok=comment_" + decision);
}

// --- results (advisor, manager, admin) ------------------------------------------------------

struct ResultsQuery {
  SurveyFilter filter;
  std::string by;
  int year = 0;
};

Result<ResultsQuery> results_query(App& app, const Params& q) {
  ResultsQuery r;
  FieldErrors errors;
  if (const auto& s = q.get("undersoegelse"); !s.empty()) {
    r.filter.survey_id = parse_id(s);
    if (!r.filter.survey_id || !app.store().surveys().survey(*r.filter.survey_id)) {
      errors.add("undersoegelse", "survey.not_found");
    }
  }
  if (const auto& y = q.get("aar"); !y.empty()) {
    auto n = parse_id(y);
    if (!n || *n < 1900 || *n > 2200) {
      errors.add("aar", "field.year");
    } else {
      r.year = static_cast<int>(*n);
      r.filter.from = Date(r.year, 1, 1);
      r.filter.to = Date(r.year, 12, 31);
    }
  }
  r.by = q.get("opdeling");
  if (!r.by.empty() && r.by != "municipality" && r.by != "survey" && r.by != "year") {
    errors.add("opdeling", "field.unknown_code");
  }
  if (!errors.empty()) return errors.to_error();
  return r;
}

HttpResponse results_get(App& app, RequestContext& ctx) {
  if (auto deny = deny_results(app, ctx)) return *deny;
  auto rq = results_query(app, ctx.req.query);
  Errors errors;
  const auto settings = app.settings();
  SurveyResults r;
  if (rq) {
    r = survey_report(app.store(), questionnaires(app), app.renderer().messages(), rq->filter, rq->by,
                      settings.small_count_threshold, ctx.lang);
  } else {
    merge_errors(errors, rq.error(), "aar");
  }
  const std::string format = ctx.req.query.get("format");
  if (rq && format == "json") {
    return download(survey_results_json(r), "application/json; charset=utf-8", "tilfredshed.json");
  }
  if (rq && format == "pdf") {
    auto text = render::survey_pdf_text(app.renderer().messages(), "da");
    text.title = app.text(ctx, "survey_page.report_title");
    text.subtitle = settings.municipality;
    return download(render::survey_report_pdf(r, text), "application/pdf", "tilfredshed.pdf");
  }
  FormView form(app, ctx, errors);
  json data = render::survey_view(r, app.renderer().messages(), ctx.lang);
  data["title"] = app.text(ctx, "survey_page.results_title");
  std::vector<FormView::Option> surveys{{"", app.text(ctx, "survey_page.all_surveys")}};
  for (const auto& s : app.store().surveys().surveys()) surveys.push_back({std::to_string(s.id), s.title});
  const Params& q = ctx.req.query;
  data["f_survey"] = form.select("undersoegelse", "survey_page.survey", surveys, {q.get("undersoegelse")}, O{});
  data["f_year"] = form.input("aar", "survey_page.year", q.get("aar"), O{"text", "", false, true, "off"});
  data["f_by"] = form.select("opdeling", "survey_page.by",
                             {{"", app.text(ctx, "survey_page.by_none")},
                              {"municipality", app.text(ctx, "survey_page.by_municipality")},
                              {"survey", app.text(ctx, "survey_page.by_survey")},
                              {"year", app.text(ctx, "survey_page.by_year")}},
                             {q.get("opdeling")}, O{});
  std::string base = "/tilfredshed/resultater?undersoegelse=" + query_value(q.get("undersoegelse")) +
                     "&aar=" + query_value(q.get("aar")) + "&opdeling=" + query_value(q.get("opdeling"));
  data["pdf_href"] = base + "&format=pdf";
  data["json_href"] = base + "&format=json";
  data["may_write"] = may(ctx, Permission::kWriteCases);
  form.summarise(data);
  return app.page(ctx, errors.empty() ? 200 : 400, "survey_results", data);
}

// --- JSON API ----------------------------------------------------------------------------------

HttpResponse surveys_api(App& app, RequestContext& ctx) {
  if (auto deny = deny_results(app, ctx)) return *deny;
  json out = json::array();
  for (const auto& s : app.store().surveys().surveys()) {
    out.push_back({{"id", s.id},
                   {"title", s.title},
                   {"questionnaire", s.questionnaire},
                   {"opens_on", s.opens_on.iso()},
                   {"closes_on", s.closes_on ? json(s.closes_on->iso()) : json()},
                   {"codes_required", s.codes_required},
                   {"responses", s.responses},
                   {"answer_path", "/svar/" + s.slug}});
  }
  return HttpResponse::json(200, render::dump_json({{"surveys", out}}));
}

// GET /api/v1/surveys/results?survey=&year=&by=: the same as `brobygger survey report`.
HttpResponse results_api(App& app, RequestContext& ctx) {
  if (auto deny = deny_results(app, ctx)) return *deny;
  Params q;
  q.add("undersoegelse", ctx.req.query.get("survey"));
  q.add("aar", ctx.req.query.get("year"));
  q.add("opdeling", ctx.req.query.get("by"));
  auto rq = results_query(app, q);
  if (!rq) {
    Error e = rq.error();
    std::map<std::string, std::string> fields;
    for (const auto& [field, key] : e.fields) {
      fields[field == "undersoegelse" ? "survey" : field == "aar" ? "year" : "by"] = key;
    }
    e.fields = fields;
    return app.error(ctx, e);
  }
  const SurveyResults r = survey_report(app.store(), questionnaires(app), app.renderer().messages(), rq->filter, rq->by,
                                        app.settings().small_count_threshold, "da");
  return HttpResponse::json(200, survey_results_json(r, false));
}

// --- staff: questionnaires -------------------------------------------------------------------

constexpr int kQuestionRows = 12;

// The form's question rows as a questionnaire: rows without an id and text are skipped; options
// are one per line, "code = label" (or just a label, which then becomes its own code).
Questionnaire questionnaire_from_form(const Params& f) {
  Questionnaire q;
  q.code = f.get("code");
  q.title = f.get("title");
  q.title_en = f.get("title_en");
  q.intro = f.get("intro");
  for (int i = 1; i <= kQuestionRows; ++i) {
    const std::string p = "q" + std::to_string(i) + ".";
    if (f.get(p + "id").empty() && f.get(p + "text").empty()) continue;
    Question x;
    x.id = f.get(p + "id");
    x.type = question_type_from_code(f.get(p + "type")).value_or(QuestionType::kLikert);
    x.text = f.get(p + "text");
    const std::string& options = f.get(p + "options");
    size_t start = 0;
    while (start < options.size()) {
      size_t end = options.find('\n', start);
      if (end == std::string::npos) end = options.size();
      std::string line = options.substr(start, end - start);
      start = end + 1;
      auto trim = [](std::string v) {
        while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
        while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.erase(v.begin());
        return v;
      };
      line = trim(line);
      if (line.empty()) continue;
      const size_t eq = line.find('=');
      QuestionOption o;
      o.code = trim(eq == std::string::npos ? line : line.substr(0, eq));
      o.label = trim(eq == std::string::npos ? line : line.substr(eq + 1));
      x.options.push_back(std::move(o));
    }
    q.questions.push_back(std::move(x));
  }
  return q;
}

// "questions[2].text" (the domain's field) -> "q3.text" (the form's), counting only used rows.
Errors questionnaire_errors(const Error& e, const Params& f) {
  std::vector<int> rows;
  for (int i = 1; i <= kQuestionRows; ++i) {
    const std::string p = "q" + std::to_string(i) + ".";
    if (!f.get(p + "id").empty() || !f.get(p + "text").empty()) rows.push_back(i);
  }
  Errors out;
  for (const auto& [field, key] : e.fields) {
    if (field.rfind("questions[", 0) == 0) {
      const size_t close = field.find(']');
      const size_t index = static_cast<size_t>(std::stoi(field.substr(10, close - 10)));
      const std::string row = index < rows.size() ? std::to_string(rows[index]) : "1";
      out["q" + row + field.substr(close + 1)] = key;
    } else if (field == "questions") {
      out["q1.id"] = key;
    } else {
      out[field] = key;
    }
  }
  if (out.empty()) out["code"] = e.message;
  return out;
}

HttpResponse questionnaires_page(App& app, RequestContext& ctx, int status, const Params* typed, const Errors& errors) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  json items = json::array();
  for (const auto& q : questionnaires(app)) {
    items.push_back({{"code", q.code}, {"title", title_in(q, ctx.lang)}, {"questions", q.questions.size()}, {"builtin", q.builtin}});
  }
  FormView form(app, ctx, errors);
  auto get = [&](const std::string& name) { return typed ? typed->get(name) : std::string(); };
  json data = {{"title", app.text(ctx, "survey_page.questionnaires_title")}, {"items", items}};
  data["f_code"] = form.input("code", "survey_page.q_code", get("code"), O{"text", "survey_page.q_code_hint", true, false, "off"});
  data["f_title"] = form.input("title", "survey_page.q_title", get("title"), O{"text", "", true, false, "off"});
  data["f_title_en"] = form.input("title_en", "survey_page.q_title_en", get("title_en"), O{"text", "", false, true, "off"});
  O intro;
  intro.optional = true;
  intro.rows = 3;
  data["f_intro"] = form.textarea("intro", "survey_page.q_intro", get("intro"), intro);
  std::vector<FormView::Option> types;
  for (const char* t : {"likert", "single", "multi", "text"}) types.push_back({t, app.text(ctx, std::string("survey_page.type_") + t)});
  json rows = json::array();
  for (int i = 1; i <= kQuestionRows; ++i) {
    const std::string p = "q" + std::to_string(i) + ".";
    O options;
    options.optional = true;
    options.rows = 3;
    options.hint = "survey_page.q_options_hint";
    const std::string type = get(p + "type");
    rows.push_back({{"number", i},
                    {"heading", fill(app.text(ctx, "survey_page.q_question"), "n", std::to_string(i))},
                    {"f_id", form.input(p + "id", "survey_page.q_id", get(p + "id"), O{"text", "survey_page.q_id_hint", false, false, "off"})},
                    {"f_type", form.select(p + "type", "survey_page.q_type", types, {type.empty() ? "likert" : type}, O{})},
                    {"f_text", form.input(p + "text", "survey_page.q_text", get(p + "text"), O{"text", "", false, false, "off", 6, true})},
                    {"f_options", form.textarea(p + "options", "survey_page.q_options", get(p + "options"), options)}});
  }
  data["rows"] = rows;
  form.summarise(data);
  return app.page(ctx, status, "survey_questionnaires", data);
}

HttpResponse questionnaires_get(App& app, RequestContext& ctx) { return questionnaires_page(app, ctx, 200, nullptr, {}); }

HttpResponse questionnaire_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  const Params& f = ctx.req.form;
  Questionnaire q = questionnaire_from_form(f);
  auto st = app.store().surveys().save_questionnaire(q, ctx.actor());
  if (!st) return questionnaires_page(app, ctx, status_for(st.error()), &f, questionnaire_errors(st.error(), f));
  return HttpResponse::redirect("/tilfredshed/spoergeskemaer?ok=questionnaire_saved");
}

}  // namespace

void add_survey_pages(std::vector<App::Route>& r) {
  using A = App::Access;
  r.push_back({Method::kGet, R"(/svar/:slug([a-z0-9]{16}))", answer_get, A::kAnonymous, 0});
  r.push_back({Method::kPost, R"(/svar/:slug([a-z0-9]{16}))", answer_post, A::kAnonymous, 0});
  r.push_back({Method::kGet, "/api/v1/surveys", surveys_api, A::kSignedIn, 0});
  r.push_back({Method::kGet, "/api/v1/surveys/results", results_api, A::kSignedIn, 0});
  r.push_back({Method::kGet, "/tilfredshed", surveys_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/tilfredshed", survey_create_post, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/tilfredshed/import", survey_import_post, A::kSignedIn, kHardBodyLimit});
  r.push_back({Method::kGet, "/tilfredshed/resultater", results_get, A::kSignedIn, 0});
  r.push_back({Method::kGet, "/tilfredshed/kommentarer", comments_get, A::kSignedIn, 0});
  r.push_back({Method::kGet, "/tilfredshed/spoergeskemaer", questionnaires_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/tilfredshed/spoergeskemaer", questionnaire_post, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/tilfredshed/kommentarer/:id(\d+))", comment_post, A::kSignedIn, 0});
  r.push_back({Method::kGet, R"(/tilfredshed/:id(\d+))", survey_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/tilfredshed/:id(\d+)/koder)", survey_codes_post, A::kSignedIn, 0});
  r.push_back({Method::kGet, R"(/tilfredshed/:id(\d+)/koder.pdf)", survey_slips_pdf, A::kSignedIn, 0});
  r.push_back({Method::kGet, R"(/tilfredshed/:id(\d+)/skema.pdf)", survey_paper_pdf, A::kSignedIn, 0});
  r.push_back({Method::kGet, R"(/tilfredshed/:id(\d+)/indtast)", entry_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/tilfredshed/:id(\d+)/indtast)", entry_post, A::kSignedIn, 0});
}

}  // namespace bb::web
