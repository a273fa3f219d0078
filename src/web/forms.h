// Builds the data the form partials (_input, _textarea, _select, _choices, _errors) render:
// ids, labels, values, hints, error messages and aria-describedby tied together, so every
// page gets the same accessible form markup. Field names are the domain's field names
// ("citizen.email"); ids replace dots with dashes.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "domain/placeholders.h"  // fill(): placeholders in catalogue texts
#include "web/app.h"

namespace bb::web {

class FormView {
 public:
  FormView(const App& app, const RequestContext& ctx, std::map<std::string, std::string> errors = {})
      : app_(app), ctx_(ctx), errors_(std::move(errors)) {}

  struct Opts {
    std::string type = "text";
    std::string hint;         // message key or empty
    bool required = false;
    bool optional = false;    // show "(valgfri)"
    std::string autocomplete;
    int rows = 6;
    bool wide = false;
  };
  using Option = std::pair<std::string, std::string>;  // value, visible text

  nlohmann::json input(const std::string& name, const std::string& label_key, const std::string& value,
                       const Opts& opts);
  nlohmann::json textarea(const std::string& name, const std::string& label_key,
                          const std::string& value, const Opts& opts);
  nlohmann::json select(const std::string& name, const std::string& label_key,
                        const std::vector<Option>& options, const std::vector<std::string>& selected,
                        const Opts& opts, bool multiple = false);
  // Checkboxes (multiple) or radio buttons.
  nlohmann::json choices(const std::string& name, const std::string& label_key,
                         const std::vector<Option>& options, const std::vector<std::string>& selected,
                         const Opts& opts, bool multiple = true);

  // Adds has_errors, error_title and error_list (links to the fields) to `page`.
  void summarise(nlohmann::json& page) const;
  bool has_errors() const { return !errors_.empty(); }

  static std::string id_for(const std::string& name);

 private:
  nlohmann::json base(const std::string& name, const std::string& label_key, const Opts& opts);
  const App& app_;
  const RequestContext& ctx_;
  std::map<std::string, std::string> errors_;      // field -> message key
  std::map<std::string, std::string> targets_;     // field -> element id for the summary link
  std::vector<std::string> order_;                 // fields in the order they were built
};


// Options for the coded vocabularies, labelled from the catalogue ("status.ny" …).
template <typename E>
std::vector<FormView::Option> code_options(const App& app, const RequestContext& ctx, const char* vocabulary);

}  // namespace bb::web
