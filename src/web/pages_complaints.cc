// Complaints followed to the end, on a case: registering the complaint the advisor helped
// with (area, complaint body, decision and sending dates, checked against the deadline), the
// municipality's genvurdering and the complaint body's final result.
#include "web/app.h"
#include "web/forms.h"
#include "web/page_helpers.h"
#include "web/systemic_io.h"

namespace bb::web {
namespace {

using nlohmann::json;
using O = FormView::Opts;
using Errors = std::map<std::string, std::string>;

std::vector<FormView::Option> area_options(App& app, const RequestContext& ctx) {
  std::vector<FormView::Option> out;
  for (const auto& r : app.letters().rules.rules()) out.emplace_back(r.area, r.text("title", ctx.lang).text + " (" + r.body + ")");
  return out;
}

HttpResponse complaint_form(App& app, RequestContext& ctx, int status, int64_t case_id, const Complaint* existing,
                            const ComplaintInput& in, const Errors& errors) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto refs = app.store().cases().refs({case_id});
  if (refs.empty()) return app.error(ctx, Error::not_found("case.not_found"));
  FormView form(app, ctx, errors);
  const std::string base = "/sager/" + std::to_string(case_id) + "/klager";
  json data = {{"title", fill(app.text(ctx, existing ? "complaints.edit_title" : "complaints.new_title"), "number",
                              refs.front().number)},
               {"case_id", case_id},
               {"action", existing ? base + "/" + std::to_string(existing->id) : base},
               {"submit", app.text(ctx, existing ? "complaints.save" : "complaints.register")},
               {"cancel", "/sager/" + std::to_string(case_id) + "#klager"}};
  if (existing) {
    data["version"] = existing->version;
    data["delete_action"] = base + "/" + std::to_string(existing->id) + "/slet";
    if (existing->deadline) data["deadline"] = existing->deadline->written(ctx.lang);
    if (auto late = existing->late()) data[*late ? "late" : "on_time"] = true;
  }
  data["f_department"] = form.select("department", "compfield.department", department_options(app), {in.department}, O{});
  data["f_area"] = form.select("area", "compfield.area", area_options(app, ctx), {in.area}, O{});
  data["f_body"] = form.input("body", "compfield.body", in.body, O{"text", "compfield.body_hint", false, true, "off"});
  data["f_decision_date"] = form.input("decision_date", "compfield.decision_date", in.decision_date,
                                       O{"text", "field_hint.date", true, false, "off"});
  data["f_decision_received"] = form.input("decision_received", "compfield.decision_received", in.decision_received,
                                           O{"text", "compfield.decision_received_hint", false, true, "off"});
  data["f_sent"] = form.input("sent", "compfield.sent", in.sent, O{"text", "field_hint.date", false, true, "off"});
  data["f_genvurdering"] = form.select("genvurdering", "compfield.genvurdering",
                                       code_options<Genvurdering>(app, ctx, "genvurdering"), {in.genvurdering}, O{});
  data["f_genvurdering_date"] = form.input("genvurdering_date", "compfield.genvurdering_date", in.genvurdering_date,
                                           O{"text", "field_hint.date", false, true, "off"});
  auto results = code_options<ComplaintResult>(app, ctx, "complaint_result");
  results.insert(results.begin(), {"", app.text(ctx, "compfield.no_result")});
  data["f_result"] = form.select("result", "compfield.result", results, {in.result}, O{});
  data["f_result_date"] = form.input("result_date", "compfield.result_date", in.result_date,
                                     O{"text", "field_hint.date", false, true, "off"});
  data["f_note"] = form.textarea("note", "compfield.note", in.note, O{"text", "", false, true, "", 3});
  form.summarise(data);
  return app.page(ctx, status, "complaint_form", data);
}

std::optional<int64_t> case_param(RequestContext& ctx) { return parse_id(ctx.req.path_param("id")); }

// The complaint named in the path, when it belongs to the case in the path.
Result<Complaint> complaint_param(App& app, RequestContext& ctx, int64_t case_id) {
  auto cid = parse_id(ctx.req.path_param("cid"));
  if (!cid) return Error::not_found("complaint.not_found");
  auto c = app.store().complaints().get(*cid);
  if (!c || c->case_id != case_id) return Error::not_found("complaint.not_found");
  return c;
}

HttpResponse complaint_new_get(App& app, RequestContext& ctx) {
  auto id = case_param(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  ComplaintInput in;
  in.genvurdering = "afventer";
  return complaint_form(app, ctx, 200, *id, nullptr, in, {});
}

HttpResponse complaint_new_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = case_param(ctx);
  if (!id || !app.store().cases().exists(*id)) return app.error(ctx, Error::not_found("case.not_found"));
  ComplaintInput in = complaint_from_form(ctx.req.form);
  Errors errors;
  auto c = validate_complaint(in, app.letters().rules, app.settings(), app.today());
  if (!c) {
    merge_errors(errors, c.error(), "department");
    return complaint_form(app, ctx, 400, *id, nullptr, in, errors);
  }
  c->case_id = *id;
  auto saved = app.store().complaints().create(*c, ctx.actor());
  if (!saved) {
    merge_errors(errors, saved.error(), "department");
    return complaint_form(app, ctx, status_for(saved.error()), *id, nullptr, in, errors);
  }
  return HttpResponse::redirect("/sager/" + std::to_string(*id) + "?ok=complaint_saved#klager");
}

HttpResponse complaint_get(App& app, RequestContext& ctx) {
  auto id = case_param(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto c = complaint_param(app, ctx, *id);
  if (!c) return app.error(ctx, c.error());
  return complaint_form(app, ctx, 200, *id, &*c, to_input(*c), {});
}

HttpResponse complaint_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = case_param(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  auto current = complaint_param(app, ctx, *id);
  if (!current) return app.error(ctx, current.error());
  ComplaintInput in = complaint_from_form(ctx.req.form);
  Errors errors;
  auto c = validate_complaint(in, app.letters().rules, app.settings(), app.today());
  if (!c) {
    merge_errors(errors, c.error(), "department");
    return complaint_form(app, ctx, 400, *id, &*current, in, errors);
  }
  c->id = current->id;
  c->case_id = *id;
  auto version = parse_id(ctx.req.form.get("version"));
  c->version = version ? *version : -1;
  auto saved = app.store().complaints().update(*c, ctx.actor());
  if (!saved) {
    if (saved.error().code == ErrorCode::kConflict) errors["department"] = "record.version_conflict";
    else merge_errors(errors, saved.error(), "department");
    return complaint_form(app, ctx, status_for(saved.error()), *id, &*current, in, errors);
  }
  return HttpResponse::redirect("/sager/" + std::to_string(*id) + "?ok=complaint_saved#klager");
}

HttpResponse complaint_delete(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kWriteCases)) return *deny;
  auto id = case_param(ctx);
  if (!id) return app.error(ctx, Error::not_found("case.not_found"));
  auto c = complaint_param(app, ctx, *id);
  if (!c) return app.error(ctx, c.error());
  auto st = app.store().complaints().remove(c->id, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse::redirect("/sager/" + std::to_string(*id) + "?ok=complaint_deleted#klager");
}

}  // namespace

void add_complaint_pages(std::vector<App::Route>& r) {
  using A = App::Access;
  r.push_back({Method::kGet, R"(/sager/:id(\d+)/klager/ny)", complaint_new_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/klager)", complaint_new_post, A::kSignedIn, 0});
  r.push_back({Method::kGet, R"(/sager/:id(\d+)/klager/:cid(\d+))", complaint_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/klager/:cid(\d+))", complaint_post, A::kSignedIn, 0});
  r.push_back({Method::kPost, R"(/sager/:id(\d+)/klager/:cid(\d+)/slet)", complaint_delete, A::kSignedIn, 0});
}

void add_systemic_routes(std::vector<App::Route>& r) {
  add_recommendation_pages(r);
  add_signal_pages(r);
  add_activity_pages(r);
  add_complaint_pages(r);
  add_report_pages(r);
  add_survey_pages(r);
}

}  // namespace bb::web
