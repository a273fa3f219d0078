#include "domain/csv.h"

#include "domain/utf8.h"

namespace bb {

CsvParse parse_csv(std::string_view text) {
  CsvParse out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!valid_utf8(text)) {
    // Name the first line with a bad byte sequence.
    int line = 1;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '\n') {
        if (!valid_utf8(text.substr(start, i - start))) break;
        ++line;
        start = i + 1;
      }
    }
    out.problem = {{line, "csv.invalid_utf8"}};
    return out;
  }
  int line = 1;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // Skip empty lines between records.
    if (text[i] == '\n' || (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')) {
      i += text[i] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    CsvRecord rec;
    rec.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      if (i < n && text[i] == '"') {
        const int opened = line;
        ++i;
        bool closed = false;
        while (i < n) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        if (!closed) {
          out.problem = {{opened, "csv.unclosed_quote"}};
          return out;
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && !(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') &&
            text[i] != '\r') {
          out.problem = {{line, "csv.text_after_quote"}};
          return out;
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
        // A lone CR inside an unquoted field is kept as text; CRLF ends the record.
        while (i < n && text[i] == '\r' && !(i + 1 < n && text[i + 1] == '\n')) {
          field += text[i++];
          while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
        }
      }
      rec.fields.push_back(std::move(field));
      if (i >= n) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else if (text[i] == '\r' && !(i + 1 < n && text[i + 1] == '\n')) {
        // A lone CR after a closing quote ends the record. Only the CR: the byte after it
        // belongs to the next record (skipping it cut UTF-8 sequences in half).
        ++i;
        end_of_record = true;
      } else {  // CRLF or LF
        i += text[i] == '\r' ? 2 : 1;
        ++line;
        end_of_record = true;
      }
    }
    out.records.push_back(std::move(rec));
  }
  return out;
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace bb
