// Placeholders in catalogue texts: "Ret sag {{number}}". One substitution shared by the pages,
// the report renderers and the reminder mail. Pure; thread-safe.
#pragma once

#include <string>

namespace bb {

// Replaces every {{key}} in `text` by `value` (a value containing the placeholder is not
// expanded again).
std::string fill(std::string text, const std::string& key, const std::string& value);

}  // namespace bb
