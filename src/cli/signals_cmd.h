// `brobygger signals --period 2024Q3 [--include-dismissed] [--format json]`: the signal report
// of the Signaler page on the command line. The JSON is the API's (GET /api/v1/signals),
// cases included; the CLI runs with the database owner's rights, so reading the cases is
// audited as the system user.
#pragma once

#include <string>

namespace bb::cli {

int cmd_signals(const std::string& db, const std::string& format, const std::string& period,
                bool include_dismissed);

}  // namespace bb::cli
