#include "domain/letter/text.h"

#include <algorithm>
#include <iterator>

namespace bb::letter::detail {

// ------------------------------------------------------------------------- characters --

CodePoint decode_multibyte(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t n = 0;  // continuation bytes
  if (b0 >= 0xC2 && b0 < 0xE0) {
    n = 1;
  } else if (b0 >= 0xE0 && b0 < 0xF0) {
    n = 2;
  } else if (b0 >= 0xF0 && b0 < 0xF5) {
    n = 3;
  } else {
    return {0xFFFD, 1};
  }
  if (i + n >= s.size()) return {0xFFFD, 1};
  char32_t c = b0 & (0x3F >> n);
  for (size_t k = 1; k <= n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0xFFFD, 1};
    c = (c << 6) | (b & 0x3F);
  }
  return {c, static_cast<uint32_t>(n + 1)};
}

// Letters: ASCII letters, and every code point from U+00C0 on except × and ÷, the general
// punctuation/symbol blocks (U+2000–U+2BFF: dashes, curly quotes, bullets, arrows, …), CJK
// punctuation, private use (symbol fonts in PDFs), specials and emoji. Combining marks
// (U+0300–U+036F) are part of a word but are not counted as letters.
bool is_letter_beyond_ascii(char32_t c) {
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x300 && c <= 0x36F) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c >= 0xE000 && c <= 0xF8FF) return false;
  if (c >= 0xFE00 && c <= 0xFE0F) return false;
  if (c >= 0xFEFF && c <= 0xFFFF) return false;
  if (c >= 0x1F000 && c <= 0x1FFFF) return false;
  return true;
}

bool is_in_word(char32_t c) {
  return (c >= 0x300 && c <= 0x36F) || c == 0xAD;
}

bool is_joiner(char32_t c) {
  return c == '-' || c == '.' || c == ',' || c == '\'' || c == 0x2019 || c == 0x2010 || c == 0x2011;
}

bool is_line_break(char32_t c) {
  return c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool is_space_beyond_ascii(char32_t c) {
  return c == 0x85 || c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_word_cp(char32_t c) {
  return is_letter(c) || is_digit(c) || is_in_word(c);
}

// ---------------------------------------------------------------------------- lower --

std::string lower(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    auto b = static_cast<unsigned char>(out[i]);
    if (b >= 'A' && b <= 'Z') {
      out[i] = static_cast<char>(b + 32);
    } else if (b == 0xC3 && i + 1 < out.size()) {
      auto b1 = static_cast<unsigned char>(out[i + 1]);
      // U+00C0–U+00DE (not U+00D7 ×) → U+00E0–U+00FE.
      if (b1 >= 0x80 && b1 <= 0x9E && b1 != 0x97) out[i + 1] = static_cast<char>(b1 + 0x20);
      ++i;
    }
  }
  return out;
}

std::vector<std::string_view> word_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    CodePoint cp = decode(s, i);
    if (!(is_letter(cp.c) || is_digit(cp.c))) {
      i += cp.len;
      continue;
    }
    size_t j = i;
    while (j < s.size() && is_word_cp((cp = decode(s, j)).c)) j += cp.len;
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(decode(s, b).c)) b += decode(s, b).len;
  while (e > b) {
    size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    if (!is_space(decode(s, k).c)) break;
    e = k;
  }
  return std::string(s.substr(b, e - b));
}

// ------------------------------------------------------------------------------ Doc --

Doc::Doc(std::string_view text) : text_(text), split_(split_text(text, true)) {
  normalise();
  index_tokens();
}

void Doc::normalise() {
  low_.reserve(text_.size());
  orig_.reserve(text_.size() + 1);
  auto put = [&](char ch, size_t from) {
    low_.push_back(ch);
    orig_.push_back(static_cast<uint32_t>(from));
  };
  bool space = false;
  for (size_t i = 0; i < text_.size();) {
    const CodePoint cp = decode(text_, i);
    if (is_space(cp.c)) {
      if (!space && !low_.empty()) put(' ', i);
      space = true;
      i += cp.len;
      continue;
    }
    space = false;
    if (cp.c == 0xAD) {
      // soft hyphen: dropped
    } else if (cp.c == 0x2018 || cp.c == 0x2019) {
      put('\'', i);
    } else if (cp.c == 0x201C || cp.c == 0x201D || cp.c == 0x201E) {
      put('"', i);
    } else if (cp.c == 0x2013 || cp.c == 0x2014 || cp.c == 0x2010 || cp.c == 0x2011) {
      put('-', i);
    } else if (cp.c < 0x80) {
      put(static_cast<char>(cp.c >= 'A' && cp.c <= 'Z' ? cp.c + 32 : cp.c), i);
    } else if (cp.c >= 0xC0 && cp.c <= 0xDE && cp.c != 0xD7) {  // Latin-1 capitals
      put(static_cast<char>(0xC3), i);
      put(static_cast<char>(0x80 + (cp.c + 0x20 - 0xC0)), i);
    } else {
      for (uint32_t k = 0; k < cp.len; ++k) put(text_[i + k], i);
    }
    i += cp.len;
  }
  orig_.push_back(static_cast<uint32_t>(text_.size()));

  // Each sentence's range in low (one sweep: orig_ is non-decreasing).
  sent_low_.reserve(split_.sentences.size());
  size_t p = 0;
  for (const auto& sp : split_.sentences) {
    while (p < low_.size() && orig_[p] < sp.begin) ++p;
    size_t e = p;
    while (e < low_.size() && orig_[e] < sp.end) ++e;
    sent_low_.emplace_back(static_cast<uint32_t>(p), static_cast<uint32_t>(e));
  }
}

uint32_t Doc::bucket_of(unsigned char a, unsigned char b) {
  return (a * 31u + b) & (kBuckets - 1);
}

void Doc::index_tokens() {
  const auto& sents = split_.sentences;
  size_t s = 0;
  for (size_t i = 0; i < low_.size();) {
    const CodePoint cp = decode(low_, i);
    if (!(is_letter(cp.c) || is_digit(cp.c))) {
      i += cp.len;
      continue;
    }
    size_t j = i;
    while (j < low_.size()) {
      const CodePoint c2 = decode(low_, j);
      if (!is_word_cp(c2.c)) break;
      j += c2.len;
    }
    const uint32_t ob = orig_[i];
    while (s < sents.size() && sents[s].end <= ob) ++s;
    const int sentence = (s < sents.size() && sents[s].begin <= ob) ? static_cast<int>(s) : -1;
    tokens_.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j), sentence});
    i = j;
  }
  // Tokens bucketed by their first two bytes (counting sort), in text order within a bucket.
  auto bucket = [&](const Token& t) {
    const auto a = static_cast<unsigned char>(low_[t.begin]);
    const auto b = t.begin + 1 < low_.size() ? static_cast<unsigned char>(low_[t.begin + 1]) : 0;
    return bucket_of(a, static_cast<unsigned char>(b));
  };
  bucket_start_.assign(kBuckets + 1, 0);
  for (const auto& t : tokens_) ++bucket_start_[bucket(t) + 1];
  for (uint32_t k = 0; k < kBuckets; ++k) bucket_start_[k + 1] += bucket_start_[k];
  by_bucket_.resize(tokens_.size());
  std::vector<uint32_t> fill(bucket_start_.begin(), bucket_start_.end() - 1);
  for (size_t k = 0; k < tokens_.size(); ++k)
    by_bucket_[fill[bucket(tokens_[k])]++] = static_cast<uint32_t>(k);
}

// Text as written, with each run of white space (line breaks of wrapped text too) as one space.
static std::string squash(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size();) {
    const CodePoint cp = decode(s, i);
    if (is_space(cp.c)) {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.append(s.substr(i, cp.len));
    }
    i += cp.len;
  }
  return out;
}

std::string Doc::sentence_text(int s) const {
  const auto& sp = split_.sentences[static_cast<size_t>(s)];
  return squash(text_.substr(sp.begin, sp.end - sp.begin));
}

std::string_view Doc::sentence_low(int s) const {
  const auto [b, e] = sent_low_[static_cast<size_t>(s)];
  return std::string_view(low_).substr(b, e - b);
}

std::string Doc::original(size_t low_from, size_t low_to) const {
  low_from = std::min(low_from, low_.size());
  low_to = std::clamp(low_to, low_from, low_.size());
  return squash(text_.substr(orig_[low_from], orig_[low_to] - orig_[low_from]));
}

int Doc::sentence_at(size_t low_pos) const {
  if (low_pos >= low_.size()) return -1;
  const uint32_t o = orig_[low_pos];
  const auto& sents = split_.sentences;
  auto it = std::upper_bound(sents.begin(), sents.end(), o,
                             [](uint32_t v, const SentenceSpan& sp) { return v < sp.begin; });
  if (it == sents.begin()) return -1;
  --it;
  return o < it->end ? static_cast<int>(it - sents.begin()) : -1;
}

size_t Doc::token_at_or_after(size_t low_pos) const {
  auto it = std::lower_bound(tokens_.begin(), tokens_.end(), low_pos,
                             [](const Token& t, size_t v) { return t.begin < v; });
  return static_cast<size_t>(it - tokens_.begin());
}

bool Doc::matches_at(size_t pos, std::string_view cue, bool open) const {
  if (pos + cue.size() > low_.size()) return false;
  for (size_t k = 0; k < cue.size(); ++k) {  // cues are short: a loop beats a memcmp call
    if (low_[pos + k] != cue[k]) return false;
  }
  return open || word_end_at(low_, pos + cue.size());
}

bool Doc::contains(std::string_view cue) const {
  bool found = false;
  for_each_match(cue, [&](size_t) { found = true; });
  return found;
}

bool word_start_at(std::string_view low, size_t pos) {
  if (pos == 0) return true;
  size_t k = pos - 1;
  while (k > 0 && (static_cast<unsigned char>(low[k]) & 0xC0) == 0x80) --k;
  return !is_word_cp(decode(low, k).c);
}

bool word_end_at(std::string_view low, size_t pos) {
  return pos >= low.size() || !is_word_cp(decode(low, pos).c);
}

std::vector<char> mark_sentences(const Doc& doc, Cues cues) {
  std::vector<char> marks(doc.sentence_count(), 0);
  for (std::string_view cue : cues) {
    doc.for_each_match(cue, [&](size_t pos) {
      const int s = doc.sentence_at(pos);
      if (s >= 0) marks[static_cast<size_t>(s)] = 1;
    });
  }
  return marks;
}

bool sentence_has(const Doc& doc, int s, Cues cues) {
  const std::string_view sl = doc.sentence_low(s);
  const size_t base = static_cast<size_t>(sl.data() - doc.low().data());
  for (std::string_view cue : cues) {
    const bool open = !cue.empty() && cue.back() == '*';
    if (open) cue.remove_suffix(1);
    if (cue.empty()) continue;
    for (size_t p = sl.find(cue); p != std::string_view::npos; p = sl.find(cue, p + 1)) {
      if (!word_start_at(doc.low(), base + p)) continue;
      if (open || word_end_at(doc.low(), base + p + cue.size())) return true;
    }
  }
  return false;
}

}  // namespace bb::letter::detail
