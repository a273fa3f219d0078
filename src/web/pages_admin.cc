// Administration: the municipality's settings (name, office, departments, first-response
// target, front-page text and contact details). Admin only; never case content.
#include <algorithm>
#include <sstream>

#include "domain/privacy.h"
#include "web/app.h"
#include "web/forms.h"

namespace bb::web {
namespace {

using nlohmann::json;
using O = FormView::Opts;
using Errors = std::map<std::string, std::string>;

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(line.begin());
    if (!line.empty() && std::find(out.begin(), out.end(), line) == out.end()) out.push_back(line);
  }
  return out;
}

HttpResponse settings_page(App& app, RequestContext& ctx, int status, const Params& typed, const Errors& errors) {
  const auto s = app.settings();
  auto v = [&](const char* name, const std::string& current) {
    auto t = typed.find(name);
    return t ? *t : current;
  };
  FormView form(app, ctx, errors);
  json data = {{"title", app.text(ctx, "settings.title")}};
  data["f_municipality"] = form.input("municipality", "settings.municipality", v("municipality", s.municipality),
                                      O{"text", "", true, false, "off", 6, true});
  data["f_office_name"] = form.input("office_name", "settings.office_name", v("office_name", s.office_name),
                                     O{"text", "", true, false, "off", 6, true});
  data["f_departments"] = form.textarea("departments", "settings.departments",
                                        v("departments", join_lines(s.departments)),
                                        O{"text", "settings.departments_hint", true, false, "", 12});
  data["f_days"] = form.input("first_response_working_days", "settings.days",
                              v("first_response_working_days", std::to_string(s.first_response_working_days)),
                              O{"text", "settings.days_hint", true, false, "off"});
  data["f_post_days"] = form.input("presumed_post_days", "settings.post_days",
                                   v("presumed_post_days", std::to_string(s.presumed_post_days)),
                                   O{"text", "settings.post_days_hint", true, false, "off"});
  data["f_threshold"] = form.input("small_count_threshold", "settings.threshold",
                                   v("small_count_threshold", std::to_string(s.small_count_threshold)),
                                   O{"text", "settings.threshold_hint", true, false, "off"});
  data["f_retention"] = form.input("retention_years", "settings.retention",
                                   v("retention_years", std::to_string(s.retention_years)),
                                   O{"text", "settings.retention_hint", true, false, "off"});
  data["f_intro"] = form.textarea("intro_text", "settings.intro_text", v("intro_text", s.intro_text),
                                  O{"text", "", false, true, "", 5});
  data["f_phone"] = form.input("contact_phone", "settings.phone", v("contact_phone", s.contact_phone),
                               O{"tel", "", false, true, "off"});
  data["f_email"] = form.input("contact_email", "settings.email", v("contact_email", s.contact_email),
                               O{"email", "", false, true, "off"});
  data["f_address"] = form.input("address", "settings.address", v("address", s.address),
                                 O{"text", "", false, true, "off", 6, true});
  form.summarise(data);
  return app.page(ctx, status, "settings", data);
}

HttpResponse settings_get(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kAdminUsers)) return *deny;
  return settings_page(app, ctx, 200, {}, {});
}

HttpResponse settings_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kAdminUsers)) return *deny;
  const auto& f = ctx.req.form;
  MunicipalitySettings s = app.settings();
  Errors errors;
  auto required = [&](const char* name, std::string& target) {
    const std::string& value = f.get(name);
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) errors[name] = "field.required";
    else if (value.size() > kMaxShortText) errors[name] = "field.too_long";
    target = value;
  };
  required("municipality", s.municipality);
  required("office_name", s.office_name);
  s.departments = split_lines(f.get("departments"));
  if (s.departments.empty()) errors["departments"] = "settings.departments_required";
  // A whole number within [lo, hi]; `error` names the range when it is not.
  auto whole = [&](const char* name, int lo, int hi, const char* error, int& target) {
    const std::string& text = f.get(name);
    try {
      size_t used = 0;
      const int n = std::stoi(text, &used);
      if (used == text.size() && n >= lo && n <= hi) {
        target = n;
        return;
      }
    } catch (const std::exception&) {
    }
    errors[name] = error;
  };
  whole("first_response_working_days", 1, 60, "settings.days_range", s.first_response_working_days);
  whole("presumed_post_days", 0, 14, "settings.post_days_range", s.presumed_post_days);
  whole("small_count_threshold", 2, 20, "settings.threshold_range", s.small_count_threshold);
  whole("retention_years", kMinRetentionYears, kMaxRetentionYears, "settings.retention_range", s.retention_years);
  s.intro_text = f.get("intro_text");
  if (s.intro_text.size() > kMaxSummary) errors["intro_text"] = "field.too_long";
  s.contact_phone = f.get("contact_phone");
  s.contact_email = f.get("contact_email");
  if (!s.contact_email.empty() && !plausible_email(s.contact_email)) errors["contact_email"] = "field.email";
  s.address = f.get("address");
  for (const auto& [k, v] : f.items()) {
    if (!valid_utf8(v)) errors[k] = "request.utf8";
  }
  if (!errors.empty()) return settings_page(app, ctx, 400, f, errors);
  auto st = app.store().settings().save(s, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  app.settings_changed();
  return HttpResponse::redirect("/indstillinger?ok=settings");
}

}  // namespace

void add_admin_routes(std::vector<App::Route>& r) {
  using A = App::Access;
  r.push_back({Method::kGet, "/indstillinger", settings_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/indstillinger", settings_post, A::kSignedIn, 0});
}

}  // namespace bb::web
