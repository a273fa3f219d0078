// RFC 4180 CSV: records of comma-separated fields; a field in double quotes may hold commas,
// line breaks and doubled quotes (""). Lines end in CRLF or LF; a UTF-8 byte-order mark at the
// start is skipped. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bb {

struct CsvRecord {
  int line = 0;  // the physical line the record starts on (1-based)
  std::vector<std::string> fields;
};

struct CsvParse {
  std::vector<CsvRecord> records;
  // Set when the text is not valid CSV: the line and what is wrong (a message key:
  // "csv.unclosed_quote", "csv.text_after_quote", "csv.invalid_utf8").
  std::optional<std::pair<int, std::string>> problem;
};

// Parses the whole text. Empty lines between records are skipped.
CsvParse parse_csv(std::string_view text);

// One field quoted when it needs to be (comma, quote, CR or LF), for writing CSV.
std::string csv_field(std::string_view value);

}  // namespace bb
