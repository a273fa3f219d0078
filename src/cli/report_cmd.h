// `brobygger report annual --year 2024 --format html|pdf|json|csv|xlsx --out FILE [--published]`:
// the annual report as a file, the same as the Årsberetning page's downloads.
#pragma once

#include <string>

namespace bb::cli {

int cmd_report_annual(const std::string& db, const std::string& share_dir, int year, const std::string& format,
                      const std::string& out, bool published);

}  // namespace bb::cli
