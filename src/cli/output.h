// Writing a command's result: to standard output ("" or "-"), or to a file replaced whole
// (written beside it, then renamed), so a failed run never leaves half a file.
#pragma once

#include <string>

namespace bb::cli {

// True on success; on failure prints "Kunne ikke skrive FILE." to stderr.
bool write_output(const std::string& out, const std::string& body);

}  // namespace bb::cli
