// Public pages: the front page, the contact form and its receipt. No login; no cookie but the
// CSRF double-submit cookie; nothing personal in URLs or logs.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "domain/attachment.h"
#include "web/app.h"
#include "web/forms.h"

namespace bb::web {
namespace {

using nlohmann::json;

HttpResponse front_page(App& app, RequestContext& ctx) {
  const auto s = app.settings();
  json data = {{"title", s.office_name},
               {"public", true},
               {"intro", s.intro_text},
               // The office writes its introduction in Danish (a setting, not per language).
               {"intro_lang", ctx.lang != "da" ? json("da") : json(false)},
               {"phone", s.contact_phone},
               {"email", s.contact_email},
               {"address", s.address},
               {"has_contact", !s.contact_phone.empty() || !s.contact_email.empty() || !s.address.empty()}};
  return app.page(ctx, 200, "public_index", data);
}

struct ContactInput {
  std::string name, phone, email, summary, department;
  std::vector<std::string> reasons;
  bool consent = false;
};

HttpResponse contact_form(App& app, RequestContext& ctx, int status, const ContactInput& in,
                          const std::map<std::string, std::string>& errors) {
  const auto s = app.settings();
  FormView form(app, ctx, errors);
  using O = FormView::Opts;
  json data = {{"title", app.text(ctx, "contact.title")}, {"public", true}};
  data["f_name"] = form.input("citizen.name", "contact.name", in.name, O{"text", "", true, false, "name"});
  data["f_phone"] = form.input("citizen.phone", "contact.phone", in.phone, O{"tel", "", false, false, "tel"});
  data["f_email"] = form.input("citizen.email", "contact.email", in.email, O{"email", "", false, false, "email"});
  data["f_reasons"] = form.choices("reasons", "contact.reasons",
                                   code_options<Reason>(app, ctx, "reason"), in.reasons,
                                   O{"checkbox", "contact.reasons_hint", true, false, ""});
  std::vector<FormView::Option> departments = {{"", app.text(ctx, "contact.department_unknown")}};
  for (const auto& d : s.departments) departments.emplace_back(d, d);
  data["f_department"] = form.select("departments", "contact.department", departments,
                                     {in.department}, O{"text", "", false, true, ""});
  data["f_summary"] = form.textarea("summary", "contact.text", in.summary,
                                    O{"text", "contact.text_hint", true, false, "", 8});
  data["f_file"] = form.input("file", "contact.file", "", O{"file", "contact.file_hint", false, true, ""});
  data["f_consent"] = form.choices("consent", "contact.consent",
                                   {{"given", app.text(ctx, "contact.consent")}},
                                   in.consent ? std::vector<std::string>{"given"} : std::vector<std::string>{},
                                   O{"checkbox", "contact.consent_hint", false, true, ""});
  // The consent group's legend repeats the question; the single box carries the statement.
  data["f_consent"]["label"] = app.text(ctx, "casefield.consent");
  form.summarise(data);
  return app.page(ctx, status, "kontakt", data);
}

HttpResponse contact_get(App& app, RequestContext& ctx) { return contact_form(app, ctx, 200, {}, {}); }

HttpResponse contact_post(App& app, RequestContext& ctx) {
  const auto& f = ctx.req.form;
  ContactInput in{f.get("citizen.name"), f.get("citizen.phone"), f.get("citizen.email"),
                  f.get("summary"),      f.get("departments"),  f.all("reasons"),
                  f.get("consent") == "given"};
  if (!app.contact_limiter().allow(ctx.req.remote_ip, std::chrono::steady_clock::now())) {
    return contact_form(app, ctx, 429, in, {{"summary", "contact.rate_limited"}});
  }
  // A filled honeypot is a robot: answer as if all went well, store nothing.
  if (!f.get("website").empty()) return HttpResponse::redirect("/kontakt/kvittering");

  std::map<std::string, std::string> errors;
  for (const auto& [k, v] : f.items()) {
    if (!valid_utf8(v)) errors[k] = "request.utf8";
  }
  if (in.name.find_first_not_of(" \t\r\n") == std::string::npos) errors["citizen.name"] = "field.required";
  if (in.phone.empty() && in.email.empty()) errors["citizen.phone"] = "contact.need_contact";
  const UploadedFile* file = nullptr;
  for (const auto& up : ctx.req.files) {
    if (up.field == "file" && !up.content.empty()) file = &up;
  }
  if (file) {
    if (file->content.size() > kMaxAttachmentBytes) errors["file"] = "attachment.too_large";
    else if (!sniff_attachment(file->content)) errors["file"] = "attachment.type";
  }
  CaseDraft draft;
  draft.channel = "webformular";
  draft.reasons = in.reasons;
  if (!in.department.empty()) draft.departments = {in.department};
  draft.summary = in.summary;
  draft.citizen.name = in.name;
  draft.citizen.phone = in.phone;
  draft.citizen.email = in.email;
  draft.citizen.preferred_contact = in.email.empty() ? "telefon" : "email";
  if (in.consent) {
    draft.consent = "given";
    draft.consent_form = "written";
  }
  const auto settings = app.settings();
  auto c = validate_new_case(draft, settings, app.today());
  if (!c) {
    for (const auto& [field, key] : c.error().fields) errors.emplace(field, key);
  }
  if (!errors.empty()) return contact_form(app, ctx, 400, in, errors);

  auto saved = app.store().cases().create(*c, ctx.actor());
  if (!saved) return app.error(ctx, saved.error());
  if (file) {
    auto a = app.store().attachments().add(saved->id, file->filename, file->content, ctx.actor());
    if (!a) spdlog::error("contact: attachment for case {} not stored", saved->id);
  }
  return HttpResponse::redirect("/kontakt/kvittering?nr=" + saved->number +
                                "&svar=" + saved->first_response_due.iso());
}

HttpResponse receipt(App& app, RequestContext& ctx) {
  json data = {{"title", app.text(ctx, "contact.receipt_title")}, {"public", true}};
  const std::string nr = ctx.req.query.get("nr");
  const bool nr_ok = nr.size() >= 6 && nr.size() <= 9 && nr[4] == '-' &&
                     std::all_of(nr.begin(), nr.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '-'; });
  if (nr_ok) data["number"] = nr;
  if (auto d = Date::parse_iso(ctx.req.query.get("svar"))) data["answer_by"] = d->written(ctx.lang);
  return app.page(ctx, 200, "kvittering", data);
}

}  // namespace

void add_public_routes(std::vector<App::Route>& r) {
  using A = App::Access;
  add_guidance_pages(r);
  r.push_back({Method::kGet, "/", front_page, A::kPublic, 0});
  r.push_back({Method::kGet, "/kontakt", contact_get, A::kPublic, 0});
  r.push_back({Method::kPost, "/kontakt", contact_post, A::kPublic, kHardBodyLimit});
  r.push_back({Method::kGet, "/kontakt/kvittering", receipt, A::kPublic, 0});
}

}  // namespace bb::web
