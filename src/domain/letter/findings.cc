// Reading aids: sentences over 25 words, passive constructions, and glossary terms.
//
// Passive, per sentence (one finding naming the verbs found):
// - s-passive: a known form ("bevilges", "afslås", "træffes", "bedes", …); or a word of six or
//   more letters ending in "-es" right after a modal verb ("skal indsendes", "kan ses" is too
//   short), adverbs like "ikke" or "derfor" allowed between; or a past s-passive in "-edes".
//   Deponent verbs and genitives ("synes", "findes", "kommunes") are not passive.
// - blive-passive: "blive", "bliver", "blev", "blevet" followed (adverbs allowed between) by a
//   past participle in "-et" or "-t" ("er blevet vurderet", "bliver behandlet", "blev afvist");
//   adjectives ("svært", "muligt") are not participles.
#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "domain/letter/internal.h"

namespace bb::letter::detail {
namespace {

constexpr int kLongSentence = 25;

constexpr std::string_view kPassiveForms[] = {
    "afgøres",     "afholdes",   "afsluttes",      "afslås",        "afslåes",       "afvises",
    "annulleres",  "anses",      "anvendes",       "bedes",         "behandles",     "benyttes",
    "beregnes",    "betales",    "betragtes",      "bevares",       "bevilges",      "bevilliges",
    "bruges",      "fastsættes", "forelægges",     "forlænges",     "forstås",       "forventes",
    "foretages",   "fratrækkes", "fremsendes",     "genvurderes",   "gennemføres",   "gives",
    "godkendes",   "henvises",   "høres",          "imødekommes",   "indberettes",   "indhentes",
    "indkaldes",   "indsendes",  "inddrives",      "iværksættes",   "journaliseres", "kræves",
    "lægges",      "medregnes",  "medtages",       "meddeles",      "modregnes",     "nedsættes",
    "noteres",     "nås",        "opfattes",       "opfordres",     "opkræves",      "oplyses",
    "opnås",       "oprettes",   "ophæves",        "overføres",     "partshøres",    "pålægges",
    "registreres", "returneres", "revurderes",     "sanktioneres",  "sendes",        "standses",
    "stoppes",     "tages",      "tilbagebetales", "tilbagekaldes", "tilbydes",      "tildeles",
    "tillægges",   "træffes",    "udbetales",      "udleveres",     "udsættes",      "undersøges",
    "vedlægges",   "vejledes",   "videresendes",   "visiteres",     "vurderes",      "ændres",
    "modtages",    "afgives",    "indgives",       "bevilligedes",  "ansøges"};

constexpr std::string_view kNotPassive[] = {
    "synes",   "findes", "lykkes", "mislykkes", "trives", "mindes",   "længes",  "færdes",
    "skændes", "enes",   "mødes",  "ses",       "slås",   "kommunes", "ydelses", "afgørelses",
    "hedes",   "des",    "dages",  "sides",     "tides",  "vedes",    "ugedages"};

constexpr std::string_view kModals[] = {"skal",   "kan",   "vil",   "må",    "bør",
                                        "skulle", "kunne", "ville", "måtte", "burde"};
constexpr std::string_view kAdverbs[] = {"ikke",  "også",     "derfor",   "først",   "dog",      "kun",
                                         "altid", "normalt",  "nu",       "senere",  "straks",   "snarest",
                                         "endnu", "allerede", "desværre", "hurtigt", "herefter", "således"};
constexpr std::string_view kBlive[] = {"blive", "bliver", "blev", "blevet", "bliv"};
constexpr std::string_view kNotParticiple[] = {
    "meget",   "det",     "et",     "dit",    "mit",   "sit",   "godt",  "let",     "mest",
    "sent",    "tit",     "nemt",   "svært",  "klart", "dyrt",  "sjovt", "fast",    "relevant",
    "aktuelt", "sikkert", "større", "bedre",  "værst", "bedst", "slut",  "sværere", "lettere",
    "ret",     "først",   "sidst",  "mindst", "hårdt", "nødt",  "kendt", "trist",   "vant"};

// A table as a hash set, built once (thread-safe static initialisation).
class WordSet {
 public:
  template <size_t N>
  explicit WordSet(const std::string_view (&table)[N]) : set_(std::begin(table), std::end(table)) {}
  bool has(std::string_view w) const { return set_.count(w) > 0; }

 private:
  std::unordered_set<std::string_view> set_;
};

template <const auto& Table>
bool in_table(std::string_view w) {
  static const WordSet set(Table);
  return set.has(w);
}

size_t letters(std::string_view w) {  // UTF-8 code points (all letters in a token)
  return static_cast<size_t>(std::count_if(
      w.begin(), w.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_participle(std::string_view w) {
  if (letters(w) < 4 || in_table<kNotParticiple>(w) || w.ends_with("igt")) return false;
  return w.ends_with("et") || w.ends_with("t");
}

// The passive verbs in the token range [from, to) of one sentence.
std::vector<std::string> passive_verbs(const Doc& doc, size_t from, size_t to) {
  std::vector<std::string> out;
  auto before_skipping_adverbs = [&](size_t k) -> std::string_view {
    size_t j = k;
    while (j > from) {
      --j;
      if (!in_table<kAdverbs>(doc.token(j))) return doc.token(j);
    }
    return "";
  };
  for (size_t k = from; k < to; ++k) {
    const std::string_view w = doc.token(k);
    const bool maybe_blive = w.size() >= 4 && w[0] == 'b' && w[1] == 'l';
    if (!maybe_blive && w.back() != 's') continue;  // fast path: most words are neither
    if (maybe_blive && in_table<kBlive>(w)) {
      size_t j = k + 1;
      while (j < to && in_table<kAdverbs>(doc.token(j))) ++j;
      if (j < to && !in_table<kBlive>(doc.token(j)) && is_participle(doc.token(j))) {
        out.push_back(doc.original(doc.tokens()[k].begin, doc.tokens()[j].end));
        k = j;
      }
      continue;
    }
    if (in_table<kNotPassive>(w)) continue;
    const bool known = in_table<kPassiveForms>(w);
    const bool after_modal =
        w.ends_with("es") && letters(w) >= 6 && in_table<kModals>(before_skipping_adverbs(k));
    const bool past = w.ends_with("edes") && letters(w) >= 7;
    if (known || after_modal || past) out.push_back(doc.original(doc.tokens()[k].begin, doc.tokens()[k].end));
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) s += ", ";
    s += "\"" + items[i] + "\"";
  }
  return s;
}

void long_sentences(const Doc& doc, Analysis& a) {
  for (size_t s = 0; s < doc.sentence_count(); ++s) {
    const int n = doc.sentences()[s].words;
    if (n <= kLongSentence) continue;
    const std::string count = std::to_string(n);
    a.findings.push_back({"long_sentence", doc.sentence_text(static_cast<int>(s)),
                          "Sætningen har " + count +
                              " ord. Lange sætninger er svære at læse. Det er lettere, når hver "
                              "sætning siger én ting.",
                          "This sentence has " + count +
                              " words. Long sentences are hard to read; one point per sentence is "
                              "easier to follow.",
                          ""});
  }
}

void passives(const Doc& doc, Analysis& a) {
  for (int s = 0; s < static_cast<int>(doc.sentence_count()); ++s) {
    auto [from, to] = sentence_tokens(doc, s);
    const std::vector<std::string> verbs = passive_verbs(doc, from, to);
    if (verbs.empty()) continue;
    const std::string list = quoted_list(verbs);
    a.findings.push_back(
        {"passive", doc.sentence_text(s),
         "Sætningen bruger passiv form (" + list +
             "). Så står der ikke, hvem der gør noget. Det er lettere at forstå, når der står, hvem "
             "der handler, fx \"vi behandler din sag\".",
         "The sentence uses the passive voice (" + list +
             "), so it does not say who does what. Active voice that names who acts, such as \"we "
             "will process your case\", is easier to understand.",
         ""});
  }
}

// Each glossary term once, at its first form found (forms are whole words or phrases).
void terms(const Doc& doc, const Glossary& glossary, Analysis& a) {
  if (glossary.terms().empty()) return;
  std::unordered_map<std::string_view, std::vector<uint32_t>> index;
  index.reserve(doc.tokens().size());
  for (size_t k = 0; k < doc.tokens().size(); ++k) index[doc.token(k)].push_back(static_cast<uint32_t>(k));

  struct Hit {
    size_t first_token;
    size_t last_token;
    const GlossaryTerm* term;
  };
  std::vector<Hit> hits;
  for (const auto& term : glossary.terms()) {
    std::optional<Hit> best;
    for (const auto& form : term.forms) {
      const std::vector<std::string_view> parts = word_tokens(form);
      if (parts.empty()) continue;
      auto it = index.find(parts[0]);
      if (it == index.end()) continue;
      for (uint32_t k : it->second) {
        if (best && k >= best->first_token) break;
        bool all = k + parts.size() <= doc.tokens().size();
        for (size_t p = 1; all && p < parts.size(); ++p) all = doc.token(k + p) == parts[p];
        if (all) {
          best = Hit{k, k + parts.size() - 1, &term};
          break;
        }
      }
    }
    if (best) hits.push_back(*best);
  }
  std::sort(hits.begin(), hits.end(),
            [](const Hit& x, const Hit& y) { return x.first_token < y.first_token; });
  for (const auto& h : hits) {
    const auto& toks = doc.tokens();
    a.findings.push_back({"term", doc.original(toks[h.first_token].begin, toks[h.last_token].end), h.term->da,
                          h.term->en, h.term->term});
  }
}

}  // namespace

void add_findings(const Doc& doc, const Glossary& glossary, Analysis& a) {
  long_sentences(doc, a);
  passives(doc, a);
  terms(doc, glossary, a);
}

}  // namespace bb::letter::detail
