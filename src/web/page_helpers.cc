#include "web/page_helpers.h"

#include <cctype>

namespace bb::web {

std::vector<FormView::Option> department_options(App& app) {
  std::vector<FormView::Option> out;
  for (const auto& d : app.settings().departments) out.emplace_back(d, d);
  return out;
}

std::vector<FormView::Option> theme_options(App& app, const RequestContext& ctx) {
  std::vector<FormView::Option> out;
  for (const auto& t : app.store().themes().list()) {
    if (t.active) out.emplace_back(t.code, render::theme_label(t, app.renderer().messages(), ctx.lang));
  }
  return out;
}

std::string theme_label(App& app, const RequestContext& ctx, const std::string& code) {
  for (const auto& t : app.store().themes().list()) {
    if (t.code == code) return render::theme_label(t, app.renderer().messages(), ctx.lang);
  }
  return code;
}

std::optional<CaseTheme> theme_on_case(App& app, int64_t case_id, const std::string& theme,
                                       const std::string& department) {
  for (auto& t : app.store().cases().themes(case_id)) {
    if (t.theme == theme && t.department == department) return t;
  }
  return std::nullopt;
}

std::string signal_label(App& app, const RequestContext& ctx, const std::string& key) {
  // <period>:<kind>:<department>:<theme | metric | area>; the department may not contain ':'.
  std::vector<std::string> p;
  size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t colon = key.find(':', start);
    if (colon == std::string::npos) return key;
    p.push_back(key.substr(start, colon - start));
    start = colon + 1;
  }
  const std::string last = key.substr(start);
  std::string what = last;
  if (p[1] == "theme") what = theme_label(app, ctx, last);
  else if (p[1] == "time") what = app.text(ctx, "signals.metric_" + last);
  else if (const DeadlineRule* r = app.letters().rules.find(last); p[1] == "reversal" && r) what = r->text("title", ctx.lang).text;
  return p[0] + ": " + (p[2].empty() ? app.text(ctx, "signals.no_department") : p[2]) + " · " + what;
}

bool changes_criticism(App& app, int64_t case_id, const std::string& theme, const std::string& department,
                       const std::optional<CaseTheme>& next) {
  const std::optional<CaseTheme> current = theme_on_case(app, case_id, theme, department);
  const bool had = current && current->criticism;
  if (!next) return had;
  if (next->criticism != had) return true;
  return had && next->criticism_text != current->criticism_text;
}

std::string case_numbers_text(App& app, const std::vector<int64_t>& ids) {
  std::string out;
  for (const auto& r : app.store().cases().refs(ids)) out += (out.empty() ? "" : ", ") + r.number;
  return out;
}

nlohmann::json case_links(App& app, const std::vector<int64_t>& ids) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : app.store().cases().refs(ids)) out.push_back({{"id", r.id}, {"number", r.number}});
  return out;
}

Result<std::vector<std::string>> resolve_case_numbers(App& app, const std::string& text) {
  std::vector<std::string> ids;
  std::string cur;
  auto flush = [&]() -> bool {
    if (cur.empty()) return true;
    auto id = app.store().cases().id_by_number(cur);
    cur.clear();
    if (!id) return false;
    ids.push_back(std::to_string(*id));
    return true;
  };
  for (char c : text) {
    if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c))) {
      if (!flush()) return Error::invalid("link.case_number_unknown");
    } else {
      cur += c;
    }
  }
  if (!flush()) return Error::invalid("link.case_number_unknown");
  return ids;
}

void merge_errors(std::map<std::string, std::string>& errors, const Error& e, const std::string& fallback,
                  const std::map<std::string, std::string>& rename) {
  if (e.fields.empty()) {
    errors.emplace(fallback, e.message);
    return;
  }
  for (const auto& [field, key] : e.fields) {
    auto r = rename.find(field);
    errors.emplace(r == rename.end() ? field : r->second, key);
  }
}

int status_for(const Error& e) {
  switch (e.code) {
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kUnprocessable: return 422;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kInternal: return 500;
    default: return 400;
  }
}

std::string danish_when(const std::string& utc) {
  auto t = parse_utc(utc);
  return t ? danish_datetime(*t) : utc;
}

std::string query_value(const std::string& v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : v) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == ':') {
      out.push_back(static_cast<char>(ch));
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

HttpResponse download(std::string body, const std::string& type, const std::string& filename) {
  HttpResponse res{200, {}, std::move(body)};
  res.header("Content-Type", type);
  res.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return res;
}

}  // namespace bb::web
