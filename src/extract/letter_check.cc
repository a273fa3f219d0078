#include "extract/letter_check.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bb::extract {
namespace {

using nlohmann::json;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("kan ikke læse " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string first_problem(const Error& e) {
  std::string out = e.message;
  for (const auto& [field, key] : e.fields) out += " (" + field + ": " + key + ")";
  return out;
}

}  // namespace

LetterData load_letter_data(const std::string& dir) {
  auto glossary = letter::Glossary::parse_json(read_all(dir + "/glossary.json"));
  if (!glossary) throw std::runtime_error(dir + "/glossary.json: " + first_problem(glossary.error()));
  auto rules = DeadlineRules::parse_json(read_all(dir + "/complaint_deadlines.json"));
  if (!rules) throw std::runtime_error(dir + "/complaint_deadlines.json: " + first_problem(rules.error()));
  return LetterData{std::move(glossary).value(), std::move(rules).value()};
}

Result<LetterReport> check_letter(const TextExtractor& extractor, const LetterData& data, std::string_view bytes,
                                  std::optional<Date> received) {
  auto extracted = extractor.extract(bytes);
  if (!extracted) return extracted.error();
  LetterReport report;
  report.extracted = std::move(extracted).value();
  report.analysis = letter::analyse(report.extracted.text, data.glossary, data.rules);
  if (received && !report.analysis.deadline_area.empty()) {
    auto d = compute_deadline(data.rules, report.analysis.deadline_area, *received);
    if (d) report.deadline = std::move(d).value();
  }
  report.summary = letter::summarise(report.analysis, report.deadline);
  return report;
}

json deadline_json(const DeadlineResult& d) {
  json skipped = json::array();
  for (const auto& s : d.skipped) skipped.push_back({{"date", s.date.iso()}, {"reason", s.reason}});
  return {{"area", d.rule.area},
          {"body", d.rule.body},
          {"rule", d.rule.rule},
          {"received", d.received.iso()},
          {"deadline", d.deadline ? json(d.deadline->iso()) : json(nullptr)},
          {"rolled_from", d.rolled_from ? json(d.rolled_from->iso()) : json(nullptr)},
          {"skipped", skipped},
          {"counts_from", d.rule.counts_from},
          {"how", d.rule.how},
          {"fee", d.rule.fee},
          {"legal_basis", d.rule.legal_basis},
          {"note", d.rule.note}};
}

json report_json(const LetterReport& r) {
  const auto& a = r.analysis;
  json elements = json::object();
  for (const char* e : letter::kElements) elements[e] = a.elements.count(e) ? a.elements.at(e) : false;
  json evidence = json::object();
  for (const auto& [element, sentences] : a.evidence) evidence[element] = sentences;
  json missing = json::array(), missing_why = json::array();
  for (const auto& m : a.missing) {
    missing.push_back(m.element);
    missing_why.push_back({{"element", m.element}, {"why", m.why}, {"why_en", m.why_en}});
  }
  json refs = json::array();
  for (const auto& ref : a.references) {
    refs.push_back({{"law", ref.law}, {"paragraph", ref.paragraph}, {"stk", ref.stk}, {"nr", ref.nr}, {"text", ref.text}});
  }
  json findings = json::array();
  for (const auto& f : a.findings) {
    findings.push_back({{"type", f.type}, {"text", f.text}, {"explanation", f.explanation}, {"explanation_en", f.explanation_en}});
  }
  // Present when the receipt date is known and the letter points at an area in the table;
  // "date" is null for an area without a fixed deadline (aktindsigt).
  json deadline = nullptr;
  if (r.deadline) {
    deadline = deadline_json(*r.deadline);
    deadline["date"] = r.deadline->deadline ? json(r.deadline->deadline->iso()) : json(nullptr);
  }
  return {{"kind", letter::kind_code(a.kind)},
          {"lix", a.stats.lix},
          {"lix_band", a.stats.band},
          {"words", a.stats.words},
          {"long_words", a.stats.long_words},
          {"sentences", a.stats.sentences},
          {"elements", elements},
          {"evidence", evidence},
          {"body", a.body},
          {"deadline_area", a.deadline_area.empty() ? json(nullptr) : json(a.deadline_area)},
          {"stated_deadline", a.stated_deadline},
          {"full_grant", a.full_grant},
          {"missing", missing},
          {"missing_why", missing_why},
          {"references", refs},
          {"deadline", deadline},
          {"summary", r.summary.da},
          {"summary_en", r.summary.en},
          {"findings", findings},
          {"source", source_code(r.extracted.source)},
          {"pages", r.extracted.pages}};
}

}  // namespace bb::extract
