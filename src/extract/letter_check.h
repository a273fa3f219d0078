// One letter check, as the CLI, the API and the pages run it: extract the text, analyse it,
// compute the complaint deadline when the receipt date is known, and summarise — plus the
// JSON form of the result (the shape documented in docs/openapi.yaml and the issue).
// LetterData (glossary and deadline table) is loaded once from share/data at start-up.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/deadline.h"
#include "domain/letter/analysis.h"
#include "extract/extractor.h"

namespace bb::extract {

struct LetterData {
  letter::Glossary glossary;
  DeadlineRules rules;
};

// Reads <dir>/glossary.json and <dir>/complaint_deadlines.json; throws std::runtime_error
// naming the file and the problem.
LetterData load_letter_data(const std::string& dir);

struct LetterReport {
  Extracted extracted;
  letter::Analysis analysis;
  std::optional<DeadlineResult> deadline;
  letter::Summary summary;
};

Result<LetterReport> check_letter(const TextExtractor& extractor, const LetterData& data, std::string_view bytes,
                                  std::optional<Date> received);

nlohmann::json report_json(const LetterReport& report);
nlohmann::json deadline_json(const DeadlineResult& d);

}  // namespace bb::extract
