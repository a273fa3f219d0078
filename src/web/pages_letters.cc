// Letters and deadlines: the public deadline calculator (/klagefrist), "Forstå dit brev" with
// its "Tjek dit udkast" mode (/forstaa-brev), the staff analysis of a case attachment, and the
// API (/api/v1/deadline, /api/v1/letters/check). Letters checked on the public page are
// processed in memory only: nothing is stored, and the audit log records only that a check ran.
#include <spdlog/spdlog.h>

#include "domain/access.h"
#include "domain/themes.h"
#include "render/renderer.h"
#include "web/app.h"
#include "web/forms.h"

namespace bb::web {
namespace {

using nlohmann::json;
using O = FormView::Opts;
using Errors = std::map<std::string, std::string>;


// ------------------------------------------------------------------------- deadline page --

json deadline_view(App& app, RequestContext& ctx, const DeadlineResult& d) {
  json r = {{"body", d.rule.body}, {"legal_basis", d.rule.legal_basis}};
  // The complaint-deadline table (data/complaint_deadlines.json) is Danish with English texts
  // beside it; a text shown in another language than the page's is marked (WCAG 3.1.2). The
  // legal basis names Danish law and stays Danish. Empty texts are left out (a Mustache section
  // is shown for any string, even an empty one).
  for (const char* key : {"counts_from", "how", "fee", "note"}) {
    const auto t = d.rule.text(key, ctx.lang);
    if (t.text.empty()) continue;
    r[key] = {{"text", t.text}, {"lang", t.lang != ctx.lang ? json(t.lang) : json(false)}};
  }
  r["danish_lang"] = ctx.lang != "da" ? json("da") : json(false);  // the body's name and the law
  if (d.deadline) r["date"] = weekday_date(*d.deadline, ctx.lang);
  if (d.rolled_from) {
    std::string days;
    for (size_t i = 0; i < d.skipped.size(); ++i) {
      days += (i ? (i + 1 == d.skipped.size() ? " " + app.text(ctx, "app.and") + " " : ", ") : "") +
              d.skipped[i].date.written(ctx.lang) + " (" +
              closed_day_reason(d.skipped[i].date, ctx.lang).value_or(d.skipped[i].reason) + ")";
    }
    r["rolled"] = fill(fill(app.text(ctx, "deadline_page.rolled"), "raw", weekday_date(*d.rolled_from, ctx.lang)), "days", days);
  }
  return r;
}

HttpResponse deadline_page(App& app, RequestContext& ctx) {
  const auto& q = ctx.req.query;
  Errors errors;
  json data = {{"title", app.text(ctx, "deadline_page.title")}, {"public", !ctx.user.has_value()}};
  std::optional<Date> received;
  const bool submitted = q.has("area") || q.has("received");
  if (submitted) {
    if (!app.letters().rules.find(q.get("area"))) errors["area"] = "deadline.area_unknown";
    received = Date::parse_iso(q.get("received"));
    if (!received) errors["received"] = q.get("received").empty() ? "field.required" : "field.date";
  }
  if (submitted && errors.empty()) {
    auto r = compute_deadline(app.letters().rules, q.get("area"), *received);
    if (r) data["result"] = deadline_view(app, ctx, *r);
  }
  FormView form(app, ctx, errors);
  std::vector<FormView::Option> areas;
  for (const auto& rule : app.letters().rules.rules()) {
    areas.emplace_back(rule.area, rule.text("title", ctx.lang).text + " – " + rule.body);
  }
  // Radio buttons rather than a select: eight long names read whole on a phone.
  data["f_area"] = form.choices("area", "deadline_page.area", areas, {q.get("area")}, O{"radio", "", true, false, ""}, false);
  data["f_received"] = form.input("received", "deadline_page.received",
                                  q.has("received") ? q.get("received") : app.today().iso(),
                                  O{"text", "deadline_page.received_hint", true, false, "off"});
  form.summarise(data);
  return app.page(ctx, errors.empty() ? 200 : 400, "klagefrist", data);
}

HttpResponse deadline_api(App& app, RequestContext& ctx) {
  FieldErrors errors;
  const auto& q = ctx.req.query;
  auto received = Date::parse_iso(q.get("received"));
  if (!received) errors.add("received", q.get("received").empty() ? "field.required" : "field.date");
  if (q.get("area").empty()) errors.add("area", "field.required");
  if (!errors.empty()) return app.error(ctx, errors.to_error());
  auto r = compute_deadline(app.letters().rules, q.get("area"), *received);
  if (!r) return app.error(ctx, r.error());
  return HttpResponse::json(200, render::dump_json(extract::deadline_json(*r)));
}

// ---------------------------------------------------------------------------- report view --

json report_view(App& app, RequestContext& ctx, const extract::LetterReport& rep, const std::string& lang, bool draft) {
  const auto& a = rep.analysis;
  const bool en = lang == "en";
  auto label = [&](const std::string& key) { return app.text(ctx, key); };
  json v;
  v["summary"] = en ? rep.summary.en : rep.summary.da;
  // The summary's language, marked when it differs from the page's.
  if ((en ? "en" : "da") != ctx.lang) v["summary_lang"] = en ? "en" : "da";
  json missing = json::array();
  for (const auto& m : a.missing) {
    json item = {{"label", label("element." + m.element)}, {"why", en ? m.why_en : m.why}};
    if (en) item["lang"] = "en";
    missing.push_back(item);
  }
  v["missing"] = missing;
  v["has_missing"] = !missing.empty();
  v["missing_title"] = label(draft ? "letter_page.draft_missing" : "letter_page.missing");
  if (rep.deadline && rep.deadline->deadline) {
    v["deadline"] = {{"text", fill(fill(label("letter_page.deadline_text"), "date", weekday_date(*rep.deadline->deadline, ctx.lang)),
                                   "body", rep.deadline->rule.body)}};
  }
  v["kind_text"] = label(std::string("letter_page.kind_") + letter::kind_code(a.kind));
  json elements = json::array();
  for (const char* e : letter::kElements) {
    const bool found = a.elements.count(e) && a.elements.at(e);
    json sentences = json::array();
    if (auto it = a.evidence.find(e); it != a.evidence.end()) {
      for (const auto& s : it->second) sentences.push_back(s);
    }
    elements.push_back({{"label", label(std::string("element.") + e)},
                        {"found_text", label(found ? "letter_page.yes" : "letter_page.no")},
                        {"sentences", sentences}});
  }
  v["elements"] = elements;
  v["body"] = a.body;
  json refs = json::array();
  for (const auto& r : a.references) refs.push_back({{"text", r.text}});
  v["references"] = refs;
  v["has_references"] = !refs.empty();
  char lix[32];
  std::snprintf(lix, sizeof lix, "%.1f", a.stats.lix);
  v["readability"] = fill(fill(fill(fill(label("letter_page.readability_text"), "lix", lix), "band", a.stats.band), "words",
                               std::to_string(a.stats.words)),
                          "sentences", std::to_string(a.stats.sentences));
  json longs = json::array(), passive = json::array(), terms = json::array();
  for (const auto& f : a.findings) {
    if (f.type == "long_sentence") longs.push_back({{"text", f.text}});
    else if (f.type == "passive") passive.push_back({{"text", f.text}});
    else if (f.type == "term") {
      json t = {{"text", f.text}, {"explanation", en ? f.explanation_en : f.explanation}};
      if (en) t["lang"] = "en";
      terms.push_back(t);
    }
  }
  v["long_sentences"] = longs;
  v["has_long"] = !longs.empty();
  v["passive"] = passive;
  v["has_passive"] = !passive.empty();
  v["passive_explanation"] = label("letter_page.passive_explanation");
  v["terms"] = terms;
  v["has_terms"] = !terms.empty();
  return v;
}

// ------------------------------------------------------------------------ Forstå dit brev --

struct LetterInput {
  std::string mode = "borger", text, received, result_lang = "da";
};

HttpResponse letter_form(App& app, RequestContext& ctx, int status, const LetterInput& in, const Errors& errors,
                         const json& report) {
  FormView form(app, ctx, errors);
  const bool draft = in.mode == "udkast";
  json data = {{"title", app.text(ctx, draft ? "letter_page.draft_title" : "letter_page.title")},
               {"heading", app.text(ctx, draft ? "letter_page.draft_title" : "letter_page.title")},
               {"intro", app.text(ctx, draft ? "letter_page.draft_intro" : "letter_page.intro")},
               {"public", !ctx.user.has_value()}};
  data["f_mode"] = form.choices("mode", "letter_page.mode",
                                {{"borger", app.text(ctx, "letter_page.mode_citizen")},
                                 {"udkast", app.text(ctx, "letter_page.mode_draft")}},
                                {in.mode}, O{"radio", "", false, false, ""}, false);
  data["f_text"] = form.textarea("text", "letter_page.text", in.text, O{"text", "letter_page.text_hint", false, false, "", 10});
  data["f_file"] = form.input("file", "letter_page.file", "", O{"file", "letter_page.file_hint", false, true, ""});
  data["f_received"] = form.input("received", "letter_page.received", in.received,
                                  O{"text", "letter_page.received_hint", false, true, "off"});
  data["f_result_lang"] = form.choices("result_lang", "letter_page.result_lang",
                                       {{"da", "Dansk"}, {"en", "English"}}, {in.result_lang},
                                       O{"radio", "", false, false, ""}, false);
  // Each language is named in itself, and marked so where that is not the page's language.
  for (auto& o : data["f_result_lang"]["options"]) {
    if (o["value"] != ctx.lang) o["option_lang"] = o["value"];
  }
  if (!report.is_null()) data["report"] = report;
  form.summarise(data);
  return app.page(ctx, status, "forstaa_brev", data);
}

HttpResponse letter_get(App& app, RequestContext& ctx) {
  LetterInput in;
  if (ctx.req.query.get("mode") == "udkast") in.mode = "udkast";
  in.result_lang = ctx.lang == "en" ? "en" : "da";  // the explanation in the reader's language
  return letter_form(app, ctx, 200, in, {}, nullptr);
}

HttpResponse letter_post(App& app, RequestContext& ctx) {
  const auto& f = ctx.req.form;
  LetterInput in{f.get("mode") == "udkast" ? "udkast" : "borger", f.get("text"), f.get("received"),
                 f.has("result_lang") ? (f.get("result_lang") == "en" ? "en" : "da") : ctx.lang};
  Errors errors;
  std::optional<Date> received;
  if (!in.received.empty()) {
    received = Date::parse_iso(in.received);
    if (!received) errors["received"] = "field.date";
  }
  std::string bytes = in.text;
  for (const auto& up : ctx.req.files) {
    if (up.field == "file" && !up.content.empty()) bytes = up.content;
  }
  if (bytes.find_first_not_of(" \t\r\n") == std::string::npos) errors["text"] = "letter.text_required";
  if (!valid_utf8(in.text)) errors["text"] = "request.utf8";
  if (!errors.empty()) return letter_form(app, ctx, 400, in, errors, nullptr);
  auto report = extract::check_letter(app.extractor(), app.letters(), bytes, received);
  // Only the fact that a check ran is audited: no text, no address.
  (void)app.store().audit().append("letter.check", std::nullopt, "mode:" + in.mode, Actor::public_web(""));
  if (!report) {
    Errors e;
    e[bytes == in.text ? "text" : "file"] = report.error().message;
    return letter_form(app, ctx, 422, in, e, nullptr);
  }
  return letter_form(app, ctx, 200, in, {}, report_view(app, ctx, *report, in.result_lang, in.mode == "udkast"));
}

HttpResponse letters_check_api(App& app, RequestContext& ctx) {
  std::string bytes;
  std::string received_text;
  if (!ctx.req.files.empty()) {
    bytes = ctx.req.files.front().content;
    received_text = ctx.req.form.get("received");
  } else {
    auto body = nlohmann::json::parse(ctx.req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("text") || !body["text"].is_string()) {
      return app.error(ctx, Error::field(ErrorCode::kInvalid, "text", "letter.text_required"));
    }
    bytes = body["text"].get<std::string>();
    if (body.contains("received") && body["received"].is_string()) received_text = body["received"].get<std::string>();
  }
  std::optional<Date> received;
  if (!received_text.empty()) {
    received = Date::parse_iso(received_text);
    if (!received) return app.error(ctx, Error::field(ErrorCode::kInvalid, "received", "field.date"));
  }
  auto report = extract::check_letter(app.extractor(), app.letters(), bytes, received);
  (void)app.store().audit().append("letter.check", std::nullopt, "api", ctx.actor());
  if (!report) return app.error(ctx, report.error());
  return HttpResponse::json(200, render::dump_json(extract::report_json(*report)));
}

// ------------------------------------------------------------------ a case's attachment --

// The attachment named by the path (/sager/:id/bilag/:aid/…) and its analysis, with the
// case's receipt date for the deadline.
Result<std::pair<Attachment, extract::LetterReport>> analyse_attachment(App& app, RequestContext& ctx) {
  auto case_id = parse_id(ctx.req.path_param("id"));
  auto attachment_id = parse_id(ctx.req.path_param("aid"));
  if (!case_id || !attachment_id) return Error::not_found("attachment.not_found");
  auto a = app.store().attachments().read(*case_id, *attachment_id, ctx.actor());
  if (!a) return a.error();
  auto c = app.store().cases().get(*case_id, ctx.actor());
  if (!c) return c.error();
  auto report = extract::check_letter(app.extractor(), app.letters(), a->second, c->received);
  if (!report) return report.error();
  return std::make_pair(a->first, std::move(report).value());
}

HttpResponse attachment_analysis(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kReadCases)) return *deny;
  auto r = analyse_attachment(app, ctx);
  if (!r) return app.error(ctx, r.error());
  const int64_t id = r->first.case_id;
  json data = {{"title", fill(app.text(ctx, "letter_page.attachment_title"), "name", r->first.filename)},
               {"case_id", id},
               {"attachment_id", r->first.id},
               {"text", r->second.extracted.text},
               {"report", report_view(app, ctx, r->second, "da", false)},
               {"may_write", has_permission(ctx.user->role, Permission::kWriteCases)}};
  const auto suggested = themes_from_letter(r->second.analysis);
  if (!suggested.empty()) {
    FormView form(app, ctx);
    std::vector<FormView::Option> options;
    for (const auto& t : suggested) options.emplace_back(t, app.text(ctx, "theme." + t));
    data["f_themes"] = form.choices("themes", "letter_page.themes", options, suggested,
                                    O{"checkbox", "letter_page.themes_hint", false, false, ""});
  }
  return app.page(ctx, 200, "letter_attachment", data);
}

HttpResponse attachment_analysis_to_journal(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto r = analyse_attachment(app, ctx);
  if (!r) return app.error(ctx, r.error());
  const int64_t id = r->first.case_id;
  std::string note = fill(app.text(ctx, "letter_page.journal_intro"), "name", r->first.filename) + "\n" + r->second.summary.da;
  for (const auto& m : r->second.analysis.missing) note += "\n– " + app.text(ctx, "element." + m.element) + ": " + m.why;
  JournalEntry e;
  e.kind = JournalKind::kNote;
  e.text = note;
  auto saved = app.store().journal().append(id, e, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  return HttpResponse::redirect("/sager/" + std::to_string(id) + "?ok=journal#journal");
}

HttpResponse case_themes_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = parse_id(ctx.req.path_param("id"));
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  auto c = app.store().cases().get(*id, ctx.actor());
  if (!c) return app.error(ctx, c.error());
  const std::string source = ctx.req.form.get("source") == "letter" ? "letter" : "manual";
  const std::string department = c->departments.empty() ? "" : c->departments.front();
  std::vector<CaseTheme> themes;
  for (const auto& t : ctx.req.form.all("themes")) themes.push_back({t, department, source, false, ""});
  if (themes.empty()) return app.error(ctx, Error::field(ErrorCode::kInvalid, "themes", "theme.none_selected"));
  auto st = app.store().cases().add_themes(*id, themes, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse::redirect("/sager/" + std::to_string(*id) + "?ok=themes");
}

}  // namespace

void add_letter_routes(std::vector<App::Route>& r) {
  using A = App::Access;
  r.push_back({Method::kGet, "/klagefrist", deadline_page, A::kPublic, 0});
  r.push_back({Method::kGet, "/forstaa-brev", letter_get, A::kPublic, 0});
  r.push_back({Method::kPost, "/forstaa-brev", letter_post, A::kPublic, kUploadBodyLimit});
  r.push_back({Method::kGet, "/api/v1/deadline", deadline_api, A::kPublic, 0});
  r.push_back({Method::kPost, "/api/v1/letters/check", letters_check_api, A::kSignedIn, kUploadBodyLimit});
  r.push_back({Method::kGet, R"(/sager/:id(\d+)/bilag/:aid(\d+)/analyse)", attachment_analysis, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/bilag/:aid(\d+)/analyse)", attachment_analysis_to_journal, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/temaer)", case_themes_post, A::kSignedIn, 0});
}

}  // namespace bb::web
