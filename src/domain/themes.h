// Forvaltningsretlige temaer: what went wrong (or right) in how a case was handled, tagged on a
// case, each tied to the department concerned. The list is the seeded default; the advisor's
// own list, criticism on themes and the systemic view build on this (issue "Systemic
// problems"). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/letter/analysis.h"

namespace bb {

// The seeded theme codes, in display order (their Danish labels are "theme.<code>" in the
// message catalogue and are copied into the office's list when it is created).
const std::vector<std::string>& default_themes();
bool is_known_theme(std::string_view code);

struct CaseTheme {
  std::string theme;       // a code from the list
  std::string department;  // "" when not tied to one department
  std::string source;      // "manual" or "letter" (suggested by a letter analysis)
  bool criticism = false;  // the advisor voiced criticism on this theme
  std::string criticism_text;
};

// One entry of the office's theme list (seeded with default_themes(); the office may add
// themes and retire them, never delete one that is in use).
struct ThemeDef {
  std::string code;   // [a-z0-9_]{2,40}
  std::string label;  // Danish
  bool active = true;
  int position = 0;
};

// Themes a letter analysis suggests: missing hjemmel or begrundelse → "begrundelse"; missing
// klagevejledning or klagefrist → "klagevejledning"; a decision without a hearing when the
// letter mentions none → nothing (a hearing is not always required); a hard letter (LIX ≥ 45
// or three or more sentences over 25 words) → "kommunikation".
std::vector<std::string> themes_from_letter(const letter::Analysis& analysis);

}  // namespace bb
