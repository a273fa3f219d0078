// Internal to the letter analysis: the steps analyse() runs, one per file. Not part of the
// public interface.
#pragma once

#include <string>
#include <vector>

#include "domain/letter/analysis.h"
#include "domain/letter/text.h"

namespace bb::letter::detail {

// readability.cc
TextStats stats_of(const Split& split);

// references.cc
std::vector<LegalReference> extract_references(const Doc& doc);

// Per-sentence marks the element, kind and fact detectors share (elements.cc).
struct Marks {
  std::vector<char> klagevejledning;  // how/where to complain
  std::vector<char> klage_context;    // about complaining (a klage word, or just after guidance)
  std::vector<char> klagefrist;
  std::vector<char> hjemmel;
  std::vector<char> begrundelse;
  std::vector<char> begrundelse_strong;  // the reasons cues that count in a hearing
  std::vector<char> partshoering;
  std::vector<char> aktindsigt;
  std::vector<char> conditional;     // "hvis", "kan betyde", … (not a decision)
  std::vector<char> decision;        // states a decision ("vi har besluttet", "du får afslag")
  std::vector<char> outcome;         // outcome words ("afslag", "bevilget", "ophør")
  std::vector<char> hearing_intent;  // a decision is coming ("inden vi træffer afgørelse")
  std::vector<char> hearing_invite;  // asks for comments
};

// elements.cc: marks, elements with evidence, body and deadline area, kind, full grant, missing.
Marks mark_all(const Doc& doc);
void detect(const Doc& doc, const Marks& marks, const DeadlineRules& rules, Analysis& a);

// facts.cc: the heading, the decision sentence and outcome, dates, meeting, hearing, purpose.
std::string find_title(std::string_view text);
std::pair<size_t, size_t> sentence_tokens(const Doc& doc, int s);  // [first, last) token
DateMention find_date(const Doc& doc, size_t tok_from, size_t tok_to);
std::string stated_period(const Doc& doc, int s);  // "4 uger", or ""
void fill_facts(const Doc& doc, const Marks& marks, Analysis& a);
int title_sentence(const Doc& doc, const std::string& title);  // -1 when none

// findings.cc: long sentences, passive constructions, glossary terms.
void add_findings(const Doc& doc, const Glossary& glossary, Analysis& a);

}  // namespace bb::letter::detail
