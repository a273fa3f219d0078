// LIX (læsbarhedsindeks) with the rules of the letter issue, so results are reproducible:
//
// - A word is a run of letters and digits, joined across one '-', '.', ',' or apostrophe
//   (' or ’) between two such characters: "SU-lån", "6.168", "4,1", "f.eks" are one word each.
//   Letters are ASCII letters and non-ASCII letters (every code point from U+00C0 except × and
//   ÷ and the punctuation/symbol blocks; see text.cc). Digits are ASCII digits.
// - A long word has more than 6 letters. Only letters count: digits and joining marks do not,
//   so "2024" and "6.168" are never long, and "SU-lån" has 5 letters.
// - A sentence ends at '.', '!', '?' or ':' followed by white space or the end of the line or
//   text — except a '.' right after a number ("1. januar", "§ 83, stk. 1, nr. 2.") or right
//   after a known abbreviation (f.eks., jf., bl.a., ca., kr., nr., stk., pkt., evt., inkl.,
//   mv., m.m., dvs., osv., hhv., pga., kl., mht., vedr., tlf., att., ang., iht., jvf., pr.,
//   st., cpr.nr.; case does not matter; the list is kept to these for reproducibility). The end of a line
//   always ends a sentence, so an abbreviation or number that is the last word on its line ends one, and so
//   does a line without a mark (heading, address, signature). Empty lines and lines without words make no
//   sentence; a sentence needs at least one word.
// - LIX = words/sentences + 100 × long words/words, rounded to one decimal, half up, computed
//   exactly in integers (0 for no words).
// - Bands by the rounded value: below 25 "meget let" (≤ 24), below 35 "let" (25–34), below 45
//   "middel" (35–44), below 55 "svær" (45–54), else "meget svær" (≥ 55). A value between two
//   bands (24.5) belongs to the lower one.
#include <cstdint>

#include "domain/letter/analysis.h"
#include "domain/letter/internal.h"

namespace bb::letter {

std::vector<std::string> split_sentences(std::string_view text) {
  const detail::Split split = detail::split_text(text);
  std::vector<std::string> out;
  out.reserve(split.sentences.size());
  for (const auto& s : split.sentences) out.emplace_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

std::vector<std::string> split_words(std::string_view text) {
  const detail::Split split = detail::split_text(text);
  std::vector<std::string> out;
  out.reserve(split.words.size());
  for (const auto& w : split.words) out.emplace_back(text.substr(w.begin, w.end - w.begin));
  return out;
}

namespace detail {

TextStats stats_of(const Split& split) {
  TextStats st;
  for (const auto& s : split.sentences) {
    st.words += s.words;
    st.long_words += s.long_words;
  }
  st.sentences = static_cast<int>(split.sentences.size());
  if (st.words > 0 && st.sentences > 0) {
    // Exactly, in integers: 10 × LIX = (10·w² + 1000·l·s) / (s·w), rounded half up.
    const int64_t w = st.words, l = st.long_words, s = st.sentences;
    const int64_t num = 10 * w * w + 1000 * l * s, den = s * w;
    st.lix = static_cast<double>((2 * num + den) / (2 * den)) / 10.0;
  }
  st.band = lix_band(st.lix);
  return st;
}

}  // namespace detail

TextStats readability(std::string_view text) {
  return detail::stats_of(detail::split_text(text));
}

std::string lix_band(double lix) {
  if (lix < 25) return "meget let";
  if (lix < 35) return "let";
  if (lix < 45) return "middel";
  if (lix < 55) return "svær";
  return "meget svær";
}

}  // namespace bb::letter
