// The fuzz targets: each takes untrusted bytes the way the server receives them, runs the same
// parsing and domain functions the handler runs, and checks cheap invariants (round trips,
// limits, message keys). One libFuzzer main per target (fuzz/fuzz_<name>.cc) and the
// regression test (fuzz/regression_test.cc, part of brobygger_test) call these functions.
//
// A target never lets an exception out on its own account: an exception that escapes is a
// finding (the server would answer 500, or for the form parsers drop the connection), and so
// is a broken invariant, reported as InvariantBroken. Data files (glossary, deadline rules,
// questionnaires, the Danish message catalogue) are read once from BB_SOURCE_DIR.
// Thread-compatible: the shared data is built on first use.
#pragma once

#include <stdexcept>
#include <string_view>
#include <vector>

namespace bb::fuzz {

struct InvariantBroken : std::logic_error {
  using std::logic_error::logic_error;
};

// application/x-www-form-urlencoded body → form parameters; re-encoded and parsed again they
// must come back the same. The parameters then go through the staff search's filter reading.
void form(std::string_view data);

// multipart/form-data: the first line is the Content-Type's boundary (or, when it starts with
// "multipart/", the whole Content-Type), the rest the body. Fields and files, a re-serialised
// body parsing to the same parts, and each file's type sniffing and safe name as uploads get.
void multipart(std::string_view data);

// The body of POST /api/v1/cases, PATCH /api/v1/cases/{id} and POST …/journal: JSON → draft
// or patch → validation → the JSON the API answers with.
void json_case(std::string_view data);

// The first byte picks a systemic record (recommendation, investigation, activity, complaint)
// and whether the rest is an API JSON body or a page's urlencoded form; input → validation →
// JSON, and the record's to_input() validates again to the same JSON.
void json_systemic(std::string_view data);

// A survey CSV file as uploaded to /tilfredshed/import (and `survey import`), plus the RFC
// 4180 reader's own round trip (csv_field).
void survey_csv(std::string_view data);

// A letter as text (upload or pasted): extraction, analysis, complaint deadline, summary and
// the report JSON. Inputs that are not text by content are left to letter_pdf (or are images,
// which go to OCR and are not fuzzed).
void letter_text(std::string_view data);

// A letter as PDF: poppler's parsing and text extraction, then the analysis as above. OCR of a
// PDF without a text layer is switched off (no tesseract language), so it ends in an error.
void letter_pdf(std::string_view data);

// A query string of the case list, search and statistics: the case filter, the statistics
// period (and the periods before it) and dates.
void query_filters(std::string_view data);

struct Target {
  const char* name;  // the directory under fuzz/corpus/ and fuzz/regressions/
  void (*run)(std::string_view);
};
const std::vector<Target>& all_targets();

}  // namespace bb::fuzz
