// Sentences and words by the LIX rules (see readability.cc), and the refined split that
// analyse() uses for evidence and reading aids (see Splitter::keeps_sentence and soft_wrap).
#include <algorithm>
#include <iterator>

#include "domain/letter/text.h"

namespace bb::letter::detail {

namespace {

// Abbreviations after which a '.' does not end a sentence in LIX (lower case, inner dots
// kept): the list and the common ones named with it, no more, so that LIX is
// reproducible (tests/letters/lix_reference.py uses the same list plus-minus "cpr.nr").
constexpr std::string_view kAbbreviations[] = {
    "f.eks", "jf",  "bl.a", "ca",  "kr",   "nr",  "stk", "pkt", "evt", "inkl", "mv", "m.m", "dvs",   "osv",
    "hhv",   "pga", "kl",   "mht", "vedr", "tlf", "att", "ang", "iht", "jvf",  "pr", "st",  "cpr.nr"};

// More abbreviations, used only by the refined split (evidence, reading aids; never LIX).
constexpr std::string_view kMoreAbbreviations[] = {
    "d",      "s",      "etc", "m.v", "m.fl", "mfl", "o.l", "ekskl", "ift", "ifm", "vha", "j.nr", "jnr",
    "sagsnr", "cvr.nr", "kap", "ref", "tidl", "pct", "mio", "mia",   "p.t", "pt",  "fhv", "vejl", "bkg"};

template <size_t N>
bool in_list(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

bool is_abbreviation(std::string_view word_lower, bool refined) {
  return in_list(kAbbreviations, word_lower) || (refined && in_list(kMoreAbbreviations, word_lower));
}

// Abbreviations that often end a sentence ("Det koster 500 kr. Beløbet …"); in the refined
// split, these end one when the next word starts with a capital letter.
constexpr std::string_view kFinalAbbreviations[] = {"kr",  "mv",   "m.v", "m.m", "osv",
                                                    "etc", "m.fl", "mfl", "pct", "inkl"};

bool is_capital(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

bool opens_quote(char32_t c) {
  return c == '(' || c == '[' || c == '"' || c == '\'' || c == 0xAB || c == 0xBB || c == 0x201C ||
         c == 0x201E || c == 0x2018;
}

// One pass over the text; see readability.cc for the rules.
class Splitter {
 public:
  Splitter(std::string_view t, bool refined) : t_(t), refined_(refined) {}

  Split run() {
    size_t i = 0;
    while (i < t_.size()) {
      const CodePoint cp = decode(t_, i);
      if (is_line_break(cp.c)) {
        const bool wrapped = refined_ && open_ && soft_wrap(i);
        if (!wrapped) close(last_ink_end_);
        i += cp.len;
        if (cp.c == '\r' && i < t_.size() && t_[i] == '\n') ++i;
        ++line_;
        if (!wrapped) pending_ = kNone;
      } else if (is_letter(cp.c) || is_digit(cp.c)) {
        i = word(i);
      } else if (cp.c == '.' || cp.c == '!' || cp.c == '?' || cp.c == ':') {
        const size_t next = i + cp.len;
        last_ink_end_ = next;
        const bool spaced = next >= t_.size() || is_space(decode(t_, next).c);
        if (spaced && open_ && !(cp.c == '.' && keeps_sentence(i, next))) close(next);
        i = next;
      } else {
        if (!is_space(cp.c)) {
          if (pending_ == kNone && !open_ && opens_quote(cp.c)) pending_ = i;
          last_ink_end_ = i + cp.len;
        }
        i += cp.len;
      }
    }
    close(last_ink_end_);
    return std::move(out_);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  // Scans the word starting at i; returns the position after it.
  size_t word(size_t i) {
    WordSpan w;
    w.begin = static_cast<uint32_t>(i);
    bool letter_seen = false;
    size_t j = i;
    while (j < t_.size()) {
      const CodePoint cp = decode(t_, j);
      if (is_letter(cp.c)) {
        ++w.letters;
        letter_seen = true;
        j += cp.len;
      } else if (is_digit(cp.c) || is_in_word(cp.c)) {
        if (is_in_word(cp.c)) letter_seen = true;
        j += cp.len;
      } else if (is_joiner(cp.c) && j + cp.len < t_.size()) {
        const CodePoint after = decode(t_, j + cp.len);
        if (!(is_letter(after.c) || is_digit(after.c))) break;
        j += cp.len;
      } else {
        break;
      }
    }
    w.end = static_cast<uint32_t>(j);
    w.number = !letter_seen;
    if (!open_) {
      open_ = true;
      cur_ = SentenceSpan{};
      cur_.begin = pending_ != kNone ? static_cast<uint32_t>(pending_) : w.begin;
      cur_.line = line_;
    }
    ++cur_.words;
    // A long word has more than 6 letters; digits are not letters ("2024" is not long).
    if (w.letters > 6) ++cur_.long_words;
    out_.words.push_back(w);
    last_ink_end_ = j;
    return j;
  }

  // A '.' right after a number ("1. januar") or a known abbreviation does not end a sentence
  // (the end of the line still does). The refined split (for evidence and reading aids, not
  // for LIX) ends one anyway when the next word starts with a capital letter: after a number
  // that is not the sentence's first word ("… den 22. april 2024. Det …", but not the list
  // marker "1. Du …"), and after an abbreviation that often ends a sentence ("500 kr. Beløbet").
  bool keeps_sentence(size_t dot, size_t next) const {
    if (out_.words.empty()) return false;
    const WordSpan& w = out_.words.back();
    if (w.end != dot) return false;
    const std::string lw = w.number ? std::string() : lower(t_.substr(w.begin, w.end - w.begin));
    if (!w.number && !is_abbreviation(lw, refined_)) return false;
    if (!refined_ || !capital_follows(next)) return true;
    if (w.number) return cur_.words <= 1;
    return !in_list(kFinalAbbreviations, lw);
  }

  // In the refined split, a line break inside a sentence of hard-wrapped text (PDF text, e-mail)
  // does not end it: the next line starts with a small letter, or — after a long line — with a
  // digit or "§" ("… senest\n4 uger …"). Headings, addresses and signatures still end at the
  // line break: they are followed by an empty line or a capital letter, or are short.
  bool soft_wrap(size_t line_break) const {
    size_t start = line_break;
    while (start > 0 && !is_line_break(static_cast<unsigned char>(t_[start - 1]))) --start;
    const size_t line_length = line_break - start;
    size_t i = line_break + decode(t_, line_break).len;
    if (t_[line_break] == '\r' && i < t_.size() && t_[i] == '\n') ++i;
    while (i < t_.size()) {
      const CodePoint cp = decode(t_, i);
      if (is_line_break(cp.c)) return false;
      if (!is_space(cp.c)) {
        if (is_letter(cp.c)) return !is_capital(cp.c);
        const bool section = cp.c == 0xA7;
        return (is_digit(cp.c) || section) && line_length >= 40;
      }
      i += cp.len;
    }
    return false;
  }

  bool capital_follows(size_t i) const {
    while (i < t_.size()) {
      const CodePoint cp = decode(t_, i);
      if (is_line_break(cp.c)) return false;
      if (!is_space(cp.c)) return is_capital(cp.c);
      i += cp.len;
    }
    return false;
  }

  void close(size_t end) {
    pending_ = kNone;
    if (!open_) return;
    cur_.end = static_cast<uint32_t>(std::max<size_t>(end, cur_.begin));
    out_.sentences.push_back(cur_);
    open_ = false;
  }

  std::string_view t_;
  const bool refined_;
  Split out_;
  SentenceSpan cur_;
  bool open_ = false;
  size_t pending_ = kNone;  // an opening bracket or quote before the sentence's first word
  size_t last_ink_end_ = 0;
  int line_ = 0;
};

}  // namespace

Split split_text(std::string_view text, bool refined) {
  return Splitter(text, refined).run();
}

}  // namespace bb::letter::detail
