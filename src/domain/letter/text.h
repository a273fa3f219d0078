// Internal to the letter analysis: UTF-8 scanning, character classes, sentence and word
// splitting with byte offsets (split.cc), and a normalised lower-case copy of the text with a token
// index for fast, boundary-aware phrase ("cue") matching. Not part of the public interface.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bb::letter::detail {

// ------------------------------------------------------------------------- characters --

struct CodePoint {
  char32_t c = 0;
  uint32_t len = 1;  // bytes
};
CodePoint decode_multibyte(std::string_view s, size_t i);
bool is_letter_beyond_ascii(char32_t c);
bool is_space_beyond_ascii(char32_t c);

// Decodes the code point at byte `i`; an invalid byte decodes as U+FFFD of length 1.
inline CodePoint decode(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  return b0 < 0x80 ? CodePoint{b0, 1} : decode_multibyte(s, i);
}

// ASCII letters and non-ASCII letters (see text.cc).
inline bool is_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return is_letter_beyond_ascii(c);
}
inline bool is_digit(char32_t c) {
  return c >= '0' && c <= '9';
}  // ASCII digits only
bool is_in_word(char32_t c);     // continues a word without being a letter or digit
                                 // (combining marks, soft hyphen)
bool is_word_cp(char32_t c);     // letter, digit or is_in_word
bool is_joiner(char32_t c);      // - . , ' ’ (and the Unicode hyphens U+2010/U+2011)
bool is_line_break(char32_t c);  // \n \r \f \v U+0085 U+2028 U+2029
// Spaces and line breaks, incl. no-break and zero-width spaces.
inline bool is_space(char32_t c) {
  if (c < 0x80) return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  return is_space_beyond_ascii(c);
}

// ------------------------------------------------------------------ sentences, words --

struct WordSpan {
  uint32_t begin = 0, end = 0;  // byte offsets into the original text
  int letters = 0;              // letter code points (digits do not count)
  bool number = false;          // only digits (and joiners between them)
};

struct SentenceSpan {
  uint32_t begin = 0, end = 0;  // byte offsets into the original text
  int words = 0;
  int long_words = 0;
  int line = 0;  // 0-based line number
};

struct Split {
  std::vector<WordSpan> words;
  std::vector<SentenceSpan> sentences;
};
// Words and sentences by the LIX rules (documented in readability.cc). `refined` also ends a
// sentence at a '.' after a number or a sentence-final abbreviation when a capital letter
// follows, and lets a sentence run on across the line breaks of hard-wrapped text (see
// text.cc); analyse() uses it for evidence and reading aids, never for LIX.
Split split_text(std::string_view text, bool refined = false);

// ---------------------------------------------------------------- normalised document --

// The text, its sentences (refined split), and a normalised copy `low` for matching: lower case (ASCII and
// Latin-1), every run of white space (line breaks included) as one ' ', soft hyphens removed,
// curly quotes as ' and ", en and em dashes as '-'. `orig[i]` is the original byte offset of
// low[i] (orig has one extra entry for the end).
class Doc {
 public:
  explicit Doc(std::string_view text);   // views `text`: it must outlive the Doc
  explicit Doc(std::string&&) = delete;  // a temporary would dangle

  std::string_view text() const { return text_; }
  const std::string& low() const { return low_; }
  const Split& split() const { return split_; }
  const std::vector<SentenceSpan>& sentences() const { return split_.sentences; }
  size_t sentence_count() const { return split_.sentences.size(); }
  std::string sentence_text(int s) const;      // as written, white space runs as one space
  std::string_view sentence_low(int s) const;  // the sentence's part of `low`
  // Original text between two positions of `low` [from, to), white space runs as one space.
  std::string original(size_t low_from, size_t low_to) const;

  // Sentence holding the low position, or -1.
  int sentence_at(size_t low_pos) const;

  // Word tokens of `low` (maximal runs of letters and digits), in order.
  struct Token {
    uint32_t begin, end;  // in low
    int sentence;
  };
  const std::vector<Token>& tokens() const { return tokens_; }
  std::string_view token(size_t i) const {
    return std::string_view(low_).substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }
  // First token index at or after the low position.
  size_t token_at_or_after(size_t low_pos) const;

  // Calls f(low_pos) for every match of `cue` in low. A cue is lower-case text with single
  // spaces; it must start at a word start, and must end at a word end unless it ends in '*'.
  template <typename F>
  void for_each_match(std::string_view cue, F&& f) const {
    const bool open = !cue.empty() && cue.back() == '*';
    if (open) cue.remove_suffix(1);
    if (cue.size() < 2) return;  // cues are at least two bytes
    const uint32_t b = bucket_of(static_cast<unsigned char>(cue[0]), static_cast<unsigned char>(cue[1]));
    for (uint32_t k = bucket_start_[b]; k < bucket_start_[b + 1]; ++k) {
      const size_t pos = tokens_[by_bucket_[k]].begin;
      if (matches_at(pos, cue, open)) f(pos);
    }
  }
  bool contains(std::string_view cue) const;

 private:
  static constexpr uint32_t kBuckets = 4096;
  static uint32_t bucket_of(unsigned char a, unsigned char b);
  void normalise();
  void index_tokens();
  bool matches_at(size_t pos, std::string_view cue, bool open) const;

  std::string_view text_;
  std::string low_;
  std::vector<uint32_t> orig_;
  Split split_;
  std::vector<Token> tokens_;
  std::vector<std::pair<uint32_t, uint32_t>> sent_low_;  // each sentence's [begin, end) in low
  std::vector<uint32_t> bucket_start_;                   // kBuckets + 1 offsets into by_bucket_
  std::vector<uint32_t> by_bucket_;  // token indices grouped by the first two bytes' bucket
};

// A table of cues (an array of string_view); calls may also pass a braced list.
using Cues = std::span<const std::string_view>;

// Marks, per sentence, whether any of the cues occurs in it.
std::vector<char> mark_sentences(const Doc& doc, Cues cues);
inline std::vector<char> mark_sentences(const Doc& doc, std::initializer_list<std::string_view> cues) {
  return mark_sentences(doc, Cues(cues.begin(), cues.size()));
}
// Whether any cue occurs inside sentence s.
bool sentence_has(const Doc& doc, int s, Cues cues);
inline bool sentence_has(const Doc& doc, int s, std::initializer_list<std::string_view> cues) {
  return sentence_has(doc, s, Cues(cues.begin(), cues.size()));
}
// True when the low text has a word boundary before/after the position.
bool word_start_at(std::string_view low, size_t pos);
bool word_end_at(std::string_view low, size_t pos);

// Runs of letters and digits (no joining marks), as the Doc tokens are cut.
std::vector<std::string_view> word_tokens(std::string_view s);

// Lower-cases ASCII and Latin-1 letters of UTF-8 text (length-preserving).
std::string lower(std::string_view s);
std::string trim(std::string_view s);

}  // namespace bb::letter::detail
