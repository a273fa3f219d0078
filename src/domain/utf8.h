// UTF-8 well-formedness, shared by input checks (web forms, API bodies) and attachment
// sniffing. Pure; thread-safe.
#pragma once

#include <string_view>

namespace bb {

// True when `s` is well-formed UTF-8 (no overlong forms, no code points above U+10FFFF).
bool valid_utf8(std::string_view s);

}  // namespace bb
