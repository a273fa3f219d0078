// The glossary of legal and administrative terms: {"terms":[{"term", "forms", "da", "en"}, …]}.
// "forms" are the inflections to look for; they are lower-cased here, and default to the term.
#include <nlohmann/json.hpp>

#include "domain/letter/internal.h"

namespace bb::letter {
namespace {

bool non_empty_string(const nlohmann::json& j) {
  return j.is_string() && !j.get<std::string>().empty();
}

}  // namespace

Result<Glossary> Glossary::parse_json(std::string_view text) {
  const nlohmann::json root = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded()) return Error::invalid("glossary.not_json");
  if (!root.is_object() || !root.contains("terms") || !root["terms"].is_array()) {
    return Error::field(ErrorCode::kInvalid, "terms", "field.expected_list");
  }
  const nlohmann::json& list = root["terms"];
  if (list.empty()) return Error::field(ErrorCode::kInvalid, "terms", "field.required");

  FieldErrors errors;
  Glossary g;
  std::vector<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const nlohmann::json& item = list[i];
    const std::string at = "terms[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      errors.add(at, "field.expected_object");
      continue;
    }
    GlossaryTerm t;
    for (const char* field : {"term", "da", "en"}) {
      if (!item.contains(field) || !non_empty_string(item[field])) {
        errors.add(at + "." + field, "field.required");
      }
    }
    if (errors.has(at + ".term") || errors.has(at + ".da") || errors.has(at + ".en")) continue;
    t.term = item["term"].get<std::string>();
    t.da = item["da"].get<std::string>();
    t.en = item["en"].get<std::string>();
    const std::string key = detail::lower(t.term);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      errors.add(at + ".term", "glossary.duplicate_term");
      continue;
    }
    seen.push_back(key);
    if (item.contains("forms")) {
      const nlohmann::json& forms = item["forms"];
      bool ok = forms.is_array();
      for (size_t f = 0; ok && f < forms.size(); ++f) ok = non_empty_string(forms[f]);
      if (!ok) {
        errors.add(at + ".forms", "field.expected_list");
        continue;
      }
      for (const auto& f : forms) t.forms.push_back(detail::lower(f.get<std::string>()));
    }
    if (t.forms.empty()) t.forms.push_back(key);
    g.terms_.push_back(std::move(t));
  }
  if (!errors.empty()) return errors.to_error();
  return g;
}

}  // namespace bb::letter
