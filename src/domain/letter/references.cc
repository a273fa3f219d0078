// Legal references: "servicelovens § 100, stk. 1" → law "serviceloven", § 100, stk. 1.
//
// Laws are recognised as (a) a word ending in "loven"/"lovens" ("servicelovens" → "serviceloven",
// "LAB-loven"), "-reglementet(s)" or "bekendtgørelsen(s)", (b) "lov om …" (known long names map to their
// short name: "lov om social service" → "serviceloven"; others keep "lov om" and up to four more words), (c)
// "barnets lov", and (d) "loven"/"lovens"/"samme lov" alone, which refer back to the last law named. A "§"
// takes the law written right before it ("servicelovens § 83") or right after it ("§ 83 i
// serviceloven"), or continues the reference before it in the same sentence ("… § 36, stk. 1,
// jf. § 13" → the same law); otherwise its law is "". "§§ 22-24" is one reference with paragraph "22-24";
// "§§ 22 og 24" is two. A law named without a "§" is a reference with an empty paragraph when
// the law has no "§" reference. References are deduplicated. OCR's misreading of "§" as "&" or
// "$" is accepted right after a law's name.
#include <algorithm>
#include <iterator>
#include <set>

#include "domain/letter/internal.h"

namespace bb::letter::detail {
namespace {

struct LawAlias {
  std::string_view phrase;  // lower case, as written after "lov om"
  std::string_view law;     // normalised name
};

constexpr LawAlias kLawAliases[] = {
    {"lov om social service", "serviceloven"},
    {"lov om retssikkerhed og administration på det sociale område", "retssikkerhedsloven"},
    {"lov om en aktiv beskæftigelsesindsats", "beskæftigelsesloven"},
    {"lov om aktiv beskæftigelsesindsats", "lov om aktiv beskæftigelsesindsats"},
    {"lov om aktiv socialpolitik", "lov om aktiv socialpolitik"},
    {"lov om sygedagpenge", "sygedagpengeloven"},
    {"lov om offentlighed i forvaltningen", "offentlighedsloven"},
    {"lov om individuel boligstøtte", "boligstøtteloven"},
    {"lov om social pension", "pensionsloven"},
    {"lov om kommunernes styrelse", "kommunestyrelsesloven"},
    {"lov om integration af udlændinge i danmark", "integrationsloven"},
    {"lov om folkeskolen", "folkeskoleloven"},
    {"lov om planlægning", "planloven"},
    {"lov om miljøbeskyttelse", "miljøbeskyttelsesloven"},
    {"lov om kompensation til handicappede i erhverv", "kompensationsloven"},
    {"lov om dag-, fritids- og klubtilbud", "dagtilbudsloven"},
    {"lov om skatteforvaltning", "skatteforvaltningsloven"},
    {"lov om inddrivelse af gæld til det offentlige", "gældsinddrivelsesloven"},
    {"lov om arbejdsløshedsforsikring", "arbejdsløshedsforsikringsloven"},
    {"lov om ret til orlov og dagpenge ved barsel", "barselsloven"},
    {"lov om ejendomsskat", "ejendomsskatteloven"},
    {"lov om seniorpension", "seniorpensionsloven"},
    {"lov om børnetilskud og forskudsvis udbetaling af børnebidrag", "børnetilskudsloven"},
};

// Words that end a generic "lov om …" name.
constexpr std::string_view kNameStops[] = {
    "af",  "at",   "de",  "den",  "der", "det", "eller", "er",  "efter", "for", "fordi", "fra",
    "har", "hvis", "i",   "ikke", "jf",  "kan", "med",   "men", "når",   "og",  "om",    "på",
    "så",  "skal", "som", "til",  "var", "ved", "hvor",  "vi",  "du",    "stk", "nr"};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "servicelovens", "bygningsreglementet", "bekendtgørelsens" (not "loven" alone).
bool is_law_word(std::string_view t) {
  for (std::string_view end : {"loven", "reglementet", "bekendtgørelsen"}) {
    if (t.size() > end.size() && (ends_with(t, end) || (ends_with(t, std::string(end) + "s")))) return true;
  }
  return t == "bekendtgørelsen" || t == "bekendtgørelsens";
}

// Between two references, only these words (and punctuation) let the second inherit the
// first one's law: "lov om aktiv socialpolitik § 36, stk. 1, jf. § 13".
constexpr std::string_view kInheritGap[] = {"jf", "jvf", "og", "samt", "eller", "se", "sammenholdt", "med"};

struct LawMention {
  std::string law;            // normalised; "" for an unresolved back-reference
  size_t begin = 0, end = 0;  // in low
  bool back_reference = false;
};

class ReferenceScanner {
 public:
  explicit ReferenceScanner(const Doc& doc) : doc_(doc), low_(doc.low()) {}

  std::vector<LegalReference> run() {
    find_laws();
    find_paragraphs();
    add_law_only_mentions();
    return std::move(refs_);
  }

 private:
  // ----------------------------------------------------------------------- laws --
  void find_laws() {
    const auto& toks = doc_.tokens();
    std::string last_law;
    for (size_t i = 0; i < toks.size(); ++i) {
      const std::string_view t = doc_.token(i);
      LawMention m;
      m.begin = toks[i].begin;
      m.end = toks[i].end;
      if (t == "lov" && i + 1 < toks.size() && doc_.token(i + 1) == "om") {
        i = lov_om(i, m);
      } else if ((t == "lov" || t == "lovs") && i > 0 && doc_.token(i - 1) == "barnets" &&
                 adjacent(i - 1, i)) {
        m.begin = toks[i - 1].begin;
        m.law = "barnets lov";
      } else if ((t == "lov" || t == "lovs") && i > 0 && doc_.token(i - 1) == "samme") {
        m.begin = toks[i - 1].begin;
        m.back_reference = true;
      } else if (t == "loven" || t == "lovens") {
        if (i > 0 && toks[i].begin >= 1 && low_[toks[i].begin - 1] == '-' &&
            toks[i - 1].end + 1 == toks[i].begin) {
          m.begin = toks[i - 1].begin;  // "LAB-loven"
          m.law = std::string(doc_.token(i - 1)) + "-loven";
        } else {
          m.back_reference = true;
        }
      } else if (is_law_word(t)) {
        m.law = std::string(ends_with(t, "s") ? t.substr(0, t.size() - 1) : t);
      } else {
        continue;
      }
      if (m.back_reference) {
        m.law = last_law;
      } else {
        last_law = m.law;
      }
      laws_.push_back(std::move(m));
    }
  }

  bool adjacent(size_t a, size_t b) const {
    const auto& toks = doc_.tokens();
    return toks[a].end + 1 == toks[b].begin && low_[toks[a].end] == ' ';
  }

  // "lov om …" starting at token i; fills m and returns the last token used.
  size_t lov_om(size_t i, LawMention& m) {
    const auto& toks = doc_.tokens();
    for (const auto& alias : kLawAliases) {
      if (low_.compare(m.begin, alias.phrase.size(), alias.phrase) != 0) continue;
      size_t end = m.begin + alias.phrase.size();
      if (end < low_.size() && low_[end] == 's' && word_end_at(low_, end + 1)) ++end;  // genitive
      if (!word_end_at(low_, end)) continue;
      m.law = std::string(alias.law);
      m.end = end;
      size_t k = i;
      while (k + 1 < toks.size() && toks[k + 1].begin < end) ++k;
      return k;
    }
    size_t k = i + 1;  // "om"
    m.end = toks[k].end;
    for (int n = 0; n < 4 && k + 1 < toks.size() && adjacent(k, k + 1); ++n) {
      const std::string_view next = doc_.token(k + 1);
      if (std::find(std::begin(kNameStops), std::end(kNameStops), next) != std::end(kNameStops)) break;
      ++k;
      m.end = toks[k].end;
    }
    m.law = std::string(low_.substr(m.begin, m.end - m.begin));
    if (m.law == "lov om") m.law.clear();
    return k;
  }

  // ----------------------------------------------------------------- paragraphs --
  static constexpr std::string_view kSection = "\xC2\xA7";  // §

  size_t skip_spaces(size_t p) const {
    while (p < low_.size() && low_[p] == ' ') ++p;
    return p;
  }

  // Digits at p, with an attached letter ("42a") or a separate one ("65 e", not "i").
  std::string number_at(size_t& p) const {
    size_t q = p;
    while (q < low_.size() && low_[q] >= '0' && low_[q] <= '9') ++q;
    if (q == p) return "";
    std::string n(low_.substr(p, q - p));
    if (q < low_.size() && low_[q] >= 'a' && low_[q] <= 'h' && word_end_at(low_, q + 1)) {
      n += low_[q++];
    } else if (q + 1 < low_.size() && low_[q] == ' ' && low_[q + 1] >= 'a' && low_[q + 1] <= 'h' &&
               word_end_at(low_, q + 2) && (q + 2 >= low_.size() || low_[q + 2] != '.')) {
      n += ' ';
      n += low_[q + 1];
      q += 2;
    }
    p = q;
    return n;
  }

  // ", stk. 2" / " nr. 3" after p; advances p when found.
  std::string part_at(size_t& p, std::string_view label) const {
    size_t q = p;
    if (q < low_.size() && low_[q] == ',') ++q;
    q = skip_spaces(q);
    if (low_.compare(q, label.size(), label) != 0) return "";
    q += label.size();
    if (q < low_.size() && low_[q] == '.') ++q;
    q = skip_spaces(q);
    size_t r = q;
    while (r < low_.size() && low_[r] >= '0' && low_[r] <= '9') ++r;
    if (r == q) return "";
    p = r;
    return std::string(low_.substr(q, r - q));
  }

  // Where a "§" stands: every "§", and an "&" or "$" right after a law's name followed by a
  // number — OCR often reads "§" so ("aktivlovens & 11").
  std::vector<std::pair<size_t, size_t>> section_marks() const {  // (position, length)
    std::vector<std::pair<size_t, size_t>> out;
    for (size_t p = low_.find(kSection); p != std::string::npos; p = low_.find(kSection, p + 2)) {
      out.emplace_back(p, 2);
      if (low_.compare(p + 2, kSection.size(), kSection) == 0) p += 2;  // "§§" is one mark
    }
    for (const auto& m : laws_) {
      const size_t p = skip_spaces(m.end);
      if (p + 2 < low_.size() && (low_[p] == '&' || low_[p] == '$') && low_[p + 1] == ' ' &&
          low_[p + 2] >= '0' && low_[p + 2] <= '9') {
        out.emplace_back(p, 1);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  void find_paragraphs() {
    for (const auto& [pos, mark] : section_marks()) {
      const bool multi = mark == 2 && low_.compare(pos + 2, kSection.size(), kSection) == 0;
      size_t p = skip_spaces(pos + (multi ? 4 : mark));
      std::vector<std::string> paragraphs;
      std::string first = number_at(p);
      if (first.empty()) continue;
      paragraphs.push_back(first);
      if (multi) more_paragraphs(p, paragraphs);
      LegalReference base;
      base.stk = part_at(p, "stk");
      base.nr = part_at(p, "nr");
      size_t from = pos, to = p;
      if (const LawMention* before = law_ending_at(pos)) {
        base.law = before->law;
        from = before->begin;
        used_.insert(before);
      } else if (const LawMention* after = law_after(p)) {
        base.law = after->law;
        to = after->end;
        used_.insert(after);
      } else if (inherits(pos)) {
        base.law = prev_law_;
      }
      prev_end_ = to;
      prev_law_ = base.law;
      base.text = doc_.original(from, to);
      for (const auto& para : paragraphs) {
        LegalReference r = base;
        r.paragraph = para;
        add(std::move(r));
      }
    }
  }

  // After "§§ 22": "-24" makes one range; ", 23 og 24" adds paragraphs.
  void more_paragraphs(size_t& p, std::vector<std::string>& paragraphs) const {
    size_t q = skip_spaces(p);
    if (q < low_.size() && low_[q] == '-') {
      size_t r = skip_spaces(q + 1);
      std::string to = number_at(r);
      if (!to.empty()) {
        paragraphs.back() += "-" + to;
        p = r;
      }
      return;
    }
    while (true) {
      size_t r = q;
      if (r < low_.size() && low_[r] == ',') {
        ++r;
      } else if (low_.compare(r, 3, "og ") == 0) {
        r += 2;
      } else {
        return;
      }
      r = skip_spaces(r);
      if (low_.compare(r, 3, "og ") == 0) r = skip_spaces(r + 2);
      std::string n = number_at(r);
      if (n.empty()) return;
      paragraphs.push_back(n);
      p = r;
      q = skip_spaces(r);
    }
  }

  // Whether a bare "§" continues the previous reference in the same sentence.
  bool inherits(size_t section_pos) const {
    if (prev_law_.empty() || prev_end_ == 0 || section_pos < prev_end_ || section_pos - prev_end_ > 24) {
      return false;
    }
    if (doc_.sentence_at(prev_end_ - 1) != doc_.sentence_at(section_pos)) return false;
    for (std::string_view w :
         word_tokens(std::string_view(low_).substr(prev_end_, section_pos - prev_end_))) {
      if (std::find(std::begin(kInheritGap), std::end(kInheritGap), w) == std::end(kInheritGap)) return false;
    }
    return true;
  }

  // The law named right before the "§" (laws_ is in text order and does not overlap).
  const LawMention* law_ending_at(size_t section_pos) const {
    auto it = std::lower_bound(laws_.begin(), laws_.end(), section_pos,
                               [](const LawMention& m, size_t pos) { return m.begin < pos; });
    if (it == laws_.begin()) return nullptr;
    const LawMention& m = *std::prev(it);
    return m.end <= section_pos && skip_spaces(m.end) == section_pos && !m.law.empty() ? &m : nullptr;
  }

  // The law named right after the reference: "§ 83 i serviceloven".
  const LawMention* law_after(size_t p) const {
    size_t q = p;
    if (q < low_.size() && low_[q] == ',') ++q;
    q = skip_spaces(q);
    if (low_.compare(q, 2, "i ") != 0) return nullptr;
    q += 2;
    auto it = std::lower_bound(laws_.begin(), laws_.end(), q,
                               [](const LawMention& m, size_t pos) { return m.begin < pos; });
    return it != laws_.end() && it->begin == q && !it->law.empty() ? &*it : nullptr;
  }

  void add_law_only_mentions() {
    for (const auto& m : laws_) {
      if (m.back_reference || m.law.empty()) continue;
      if (used_.count(&m) || laws_with_section_.count(m.law)) continue;
      LegalReference r;
      r.law = m.law;
      r.text = doc_.original(m.begin, m.end);
      add(std::move(r));
    }
  }

  void add(LegalReference r) {
    std::string key = r.law + '\x1f' + r.paragraph + '\x1f' + r.stk + '\x1f' + r.nr;
    if (!seen_.insert(std::move(key)).second) return;
    if (!r.paragraph.empty()) laws_with_section_.insert(r.law);
    refs_.push_back(std::move(r));
  }

  const Doc& doc_;
  const std::string& low_;
  std::vector<LawMention> laws_;
  std::set<const LawMention*> used_;         // laws taken by a "§" reference
  std::set<std::string> laws_with_section_;  // laws that have a "§" reference
  std::set<std::string> seen_;               // law, paragraph, stk, nr of each reference
  std::vector<LegalReference> refs_;
  size_t prev_end_ = 0;   // end of the last "§" reference in low
  std::string prev_law_;  // and its law
};

}  // namespace

std::vector<LegalReference> extract_references(const Doc& doc) {
  return ReferenceScanner(doc).run();
}

}  // namespace bb::letter::detail
