// Reading a municipal letter the way an experienced citizen advisor does: readability (LIX),
// what kind of letter it is, which required elements a decision has (legal basis, reasons,
// complaint guidance and deadline, hearing, access to documents) with the sentences that show
// them, the complaint body, normalised legal references, what is missing and why it matters,
// reading aids (long sentences, passive constructions, legal terms explained), and a
// plain-language summary in Danish and English.
//
// Deterministic, explainable rules; no network, no language model. Pure functions over text;
// the glossary and the deadline rules are data passed in. Thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/deadline.h"
#include "domain/result.h"

namespace bb::letter {

// ----------------------------------------------------------------------------- readability --

struct TextStats {
  int words = 0;
  int long_words = 0;  // more than 6 letters
  int sentences = 0;
  double lix = 0;      // words/sentences + 100 * long_words/words, rounded to one decimal
  std::string band;    // "meget let", "let", "middel", "svær", "meget svær"
};

// Splits text into sentences by the rules in the issue (see analysis.cc for the exact rules).
std::vector<std::string> split_sentences(std::string_view text);
// Words of a text by the rules in the issue.
std::vector<std::string> split_words(std::string_view text);
TextStats readability(std::string_view text);
std::string lix_band(double lix);

// ---------------------------------------------------------------------------------- glossary --

struct GlossaryTerm {
  std::string term;                // "hjemmel"
  std::vector<std::string> forms;  // inflected forms to look for, lower case ("hjemmel", "hjemlen")
  std::string da;                  // plain Danish explanation
  std::string en;                  // plain English explanation
};

class Glossary {
 public:
  // {"terms":[{"term":…, "forms":[…], "da":…, "en":…}, …]}
  static Result<Glossary> parse_json(std::string_view text);
  const std::vector<GlossaryTerm>& terms() const { return terms_; }

 private:
  std::vector<GlossaryTerm> terms_;
};

// ---------------------------------------------------------------------------------- analysis --

enum class Kind { kAfgoerelse, kPartshoering, kAndet };
const char* kind_code(Kind k);  // "afgoerelse", "partshoering", "andet"

// The elements looked for, in this order.
inline constexpr const char* kElements[] = {"hjemmel",      "begrundelse", "klagevejledning",
                                            "klagefrist",   "partshoering", "aktindsigt"};

struct LegalReference {
  std::string law;        // normalised name in the nominative: "serviceloven", "forvaltningsloven"
  std::string paragraph;  // "100" (may be "22-24" for a range)
  std::string stk;        // "1" or ""
  std::string nr;         // "2" or ""
  std::string text;       // as written: "servicelovens § 100, stk. 1"
};

struct Finding {
  std::string type;         // "long_sentence", "passive", "term"
  std::string text;         // the sentence or the term as found
  std::string explanation;  // Danish
  std::string explanation_en;
  std::string term;         // type "term": the glossary term ("hjemmel"); else ""
};

struct Missing {
  std::string element;  // "hjemmel", "begrundelse", "klagevejledning", "klagefrist"
  std::string why;      // one Danish line on why it matters (with the forvaltningsloven §)
  std::string why_en;
};

// A date as a letter writes it ("torsdag den 3. oktober 2024 kl. 13.00").
struct DateMention {
  std::string text;          // as written, or ""
  std::optional<Date> date;  // when the text names day, month and year
  std::string time;          // "13.00", or ""
};

// Facts found for the plain-language summary.
struct LetterFacts {
  std::string title;                       // the heading, e.g. "Afgørelse om praktisk hjælp"
  std::string decision;                    // the sentence that states the decision
  std::string outcome;                     // "afslag", "delvis", "ophoer", "tilbagebetaling",
                                           // "nedsaettelse", "paabud", "bevilling" or ""
  std::vector<std::string> complaint_how;  // "via_kommunen", "klageportalen", "mundtligt"
  bool aktindsigt_decision = false;        // a decision on access to documents
  std::string hearing_subject;             // hearing: the sentence on what is intended
  DateMention reply_by;                    // hearing, reminder, request: answer by
  std::string purpose;                     // kind andet: "moede", "rykker", "anmodning",
                                           // "information"
  DateMention when;                        // meeting: date and time
  std::string where;                       // meeting: place as written
  bool bisidder = false;                   // the letter says a bisidder may come along
};

struct Analysis {
  Kind kind = Kind::kAndet;
  TextStats stats;
  std::map<std::string, bool> elements;                     // every name in kElements
  std::map<std::string, std::vector<std::string>> evidence;  // element → sentences showing it
  std::string body;                                          // complaint body named, or ""
  std::string deadline_area;                                 // rules-table area, or ""
  std::string stated_deadline;                               // e.g. "4 uger", as the letter says it
  bool full_grant = false;                                   // reads like a full grant
  std::vector<Missing> missing;
  std::vector<LegalReference> references;
  std::vector<Finding> findings;
  std::vector<std::string> kind_evidence;  // sentences that decided the kind
  LetterFacts facts;                       // what the summary is built from
};

// `rules` maps the complaint body (and the laws referred to) to a deadline area.
Analysis analyse(std::string_view text, const Glossary& glossary, const DeadlineRules& rules);

struct Summary {
  std::string da;  // plain Danish for the citizen
  std::string en;  // plain English explaining the Danish letter
};

// Builds the citizen's summary: what kind of letter, what was decided, whether and where to
// complain and by which date (`deadline` when known), and what seems to be missing.
Summary summarise(const Analysis& analysis, const std::optional<DeadlineResult>& deadline);

}  // namespace bb::letter
