#include "domain/themes.h"

#include <algorithm>

namespace bb {

const std::vector<std::string>& default_themes() {
  static const std::vector<std::string> kThemes = {
      "sagsbehandlingstid", "partshoering",   "begrundelse",    "klagevejledning", "vejledning",
      "aktindsigt",         "notatpligt",     "kommunikation",  "tilgaengelighed", "digital_post",
      "koordinering",       "ligebehandling", "god_forvaltningsskik", "andet"};
  return kThemes;
}

bool is_known_theme(std::string_view code) {
  const auto& t = default_themes();
  return std::find(t.begin(), t.end(), code) != t.end();
}

std::vector<std::string> themes_from_letter(const letter::Analysis& a) {
  std::vector<std::string> out;
  auto add = [&](const char* theme) {
    if (std::find(out.begin(), out.end(), theme) == out.end()) out.push_back(theme);
  };
  for (const auto& m : a.missing) {
    if (m.element == "hjemmel" || m.element == "begrundelse") add("begrundelse");
    if (m.element == "klagevejledning" || m.element == "klagefrist") add("klagevejledning");
  }
  const auto long_sentences = std::count_if(a.findings.begin(), a.findings.end(),
                                            [](const letter::Finding& f) { return f.type == "long_sentence"; });
  if (a.stats.lix >= 45 || long_sentences >= 3) add("kommunikation");
  return out;
}

}  // namespace bb
