#include "web/forms.h"

#include <algorithm>

#include "domain/codes.h"

namespace bb::web {

using nlohmann::json;

std::string FormView::id_for(const std::string& name) {
  std::string id = "f-" + name;
  std::replace(id.begin(), id.end(), '.', '-');
  std::replace(id.begin(), id.end(), '_', '-');
  return id;
}

json FormView::base(const std::string& name, const std::string& label_key, const Opts& opts) {
  const std::string id = id_for(name);
  json f = {{"id", id},
            {"name", name},
            {"label", app_.text(ctx_, label_key)},
            {"type", opts.type},
            {"required", opts.required},
            {"optional", opts.optional},
            {"rows", std::to_string(opts.rows)},
            {"wide", opts.wide}};
  std::string describedby;
  if (!opts.hint.empty()) {
    f["hint"] = app_.text(ctx_, opts.hint);
    describedby = id + "-hint";
  }
  if (auto it = errors_.find(name); it != errors_.end()) {
    f["error"] = app_.text(ctx_, it->second);
    describedby += (describedby.empty() ? "" : " ") + id + "-error";
  }
  if (!describedby.empty()) f["describedby"] = describedby;
  if (!opts.autocomplete.empty()) f["autocomplete"] = opts.autocomplete;
  if (std::find(order_.begin(), order_.end(), name) == order_.end()) order_.push_back(name);
  targets_[name] = id;
  return f;
}

json FormView::input(const std::string& name, const std::string& label_key, const std::string& value,
                     const Opts& opts) {
  json f = base(name, label_key, opts);
  f["value"] = value;
  f["is_file"] = opts.type == "file";  // a file input has no value attribute
  return f;
}

json FormView::textarea(const std::string& name, const std::string& label_key,
                        const std::string& value, const Opts& opts) {
  return input(name, label_key, value, opts);  // the template differs; the data is the same
}

json FormView::select(const std::string& name, const std::string& label_key,
                      const std::vector<Option>& options, const std::vector<std::string>& selected,
                      const Opts& opts, bool multiple) {
  json f = base(name, label_key, opts);
  f["multiple"] = multiple;
  json list = json::array();
  for (const auto& [value, text] : options) {
    list.push_back({{"value", value},
                    {"text", text},
                    {"selected", std::find(selected.begin(), selected.end(), value) != selected.end()}});
  }
  f["options"] = list;
  return f;
}

json FormView::choices(const std::string& name, const std::string& label_key,
                       const std::vector<Option>& options, const std::vector<std::string>& selected,
                       const Opts& opts, bool multiple) {
  Opts o = opts;
  o.type = multiple ? "checkbox" : "radio";
  json f = base(name, label_key, o);
  json list = json::array();
  int i = 0;
  for (const auto& [value, text] : options) {
    std::string option_id = f["id"].get<std::string>() + "-" + std::to_string(i++);
    list.push_back({{"value", value},
                    {"text", text},
                    {"option_id", option_id},
                    {"selected", std::find(selected.begin(), selected.end(), value) != selected.end()}});
  }
  if (!list.empty()) targets_[name] = list[0]["option_id"].get<std::string>();
  f["options"] = list;
  return f;
}

void FormView::summarise(json& page) const {
  if (errors_.empty()) return;
  json list = json::array();
  // Fields in page order first, then any error without a field on this page.
  std::vector<std::string> names = order_;
  for (const auto& [field, _] : errors_) {
    if (std::find(names.begin(), names.end(), field) == names.end()) names.push_back(field);
  }
  for (const auto& name : names) {
    auto it = errors_.find(name);
    if (it == errors_.end()) continue;
    auto t = targets_.find(name);
    list.push_back({{"target", t == targets_.end() ? std::string("main") : t->second},
                    {"message", app_.text(ctx_, it->second)}});
  }
  page["has_errors"] = true;
  page["error_title"] = app_.text(ctx_, "error.summary_one");
  page["error_list"] = list;
}

template <typename E>
std::vector<FormView::Option> code_options(const App& app, const RequestContext& ctx, const char* vocabulary) {
  std::vector<FormView::Option> out;
  for (E e : all_codes<E>()) {
    out.emplace_back(to_code(e), app.text(ctx, std::string(vocabulary) + "." + to_code(e)));
  }
  return out;
}

template std::vector<FormView::Option> code_options<Channel>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<Reason>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<CaseStatus>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<Outcome>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<JournalKind>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<Role>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<ConsentState>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<ConsentForm>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<RecommendationStatus>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<InvestigationStatus>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<ActivityKind>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<Genvurdering>(const App&, const RequestContext&, const char*);
template std::vector<FormView::Option> code_options<ComplaintResult>(const App&, const RequestContext&, const char*);

}  // namespace bb::web
