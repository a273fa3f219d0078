// analyse(): runs the steps in order. Each step lives in its own file:
//   text.cc        UTF-8 characters, the normalised text and its token index (Doc)
//   split.cc       sentences and words (the LIX rules, and the refined split)
//   readability.cc LIX
//   references.cc  legal references
//   cues.h         the phrase tables
//   elements.cc    elements, kind, body and deadline area, full grant, missing
//   facts.cc       heading, decision sentence, dates, meeting, hearing
//   findings.cc    long sentences, passive constructions, glossary terms
//   glossary.cc    the glossary file
//   summary.cc     the plain-language summary
#include "domain/letter/internal.h"

namespace bb::letter {

const char* kind_code(Kind k) {
  switch (k) {
    case Kind::kAfgoerelse:
      return "afgoerelse";
    case Kind::kPartshoering:
      return "partshoering";
    case Kind::kAndet:
      return "andet";
  }
  return "andet";
}

Analysis analyse(std::string_view text, const Glossary& glossary, const DeadlineRules& rules) {
  Analysis a;
  const detail::Doc doc(text);
  a.stats = detail::stats_of(detail::split_text(text));  // the exact LIX rules
  a.facts.title = detail::find_title(text);
  a.references = detail::extract_references(doc);
  const detail::Marks marks = detail::mark_all(doc);
  detail::detect(doc, marks, rules, a);
  detail::add_findings(doc, glossary, a);
  return a;
}

}  // namespace bb::letter
