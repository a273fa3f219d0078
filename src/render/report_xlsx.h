// The annual report as a spreadsheet (XLSX, libxlsxwriter) for readers who work in Excel.
//
// Sheets: "Nøgletal" (the headline counts), then one sheet per report table (tables(), in
// report order; the sheet is named after the table's title, cut to Excel's 31 characters,
// without []:*?/\ and unique), then Svartider, Henstillinger (the list), Undersøgelser,
// Undervisning og sparring, Klager and Sager fortalt. A table sheet has the columns label,
// current count, previous count and change (a percentage cell). Counts are number cells;
// a suppressed count is the text "< 5" and its change is left empty.
//
// libxlsxwriter only writes files: the workbook goes to a private temporary file that is read
// back and removed (also on failure). Thread-safe; throws std::runtime_error on I/O failure.
#pragma once

#include <string>
#include <vector>

#include "domain/report.h"
#include "render/renderer.h"

namespace bb::render {

// The XLSX file's bytes.
std::string report_xlsx(const Report& r, const Messages& m);

// Excel's rules for a sheet name applied to `title`: the characters []:*?/\ replaced, at most
// 31 characters, no leading or trailing apostrophe, not empty, and different (ignoring case)
// from every name in `taken`, to which it is added.
std::string sheet_name(const std::string& title, std::vector<std::string>& taken);

}  // namespace bb::render
