// Facts for the summary: the heading, the sentence that states the decision and its outcome,
// how to complain, dates ("torsdag den 3. oktober 2024 kl. 13.00"), the meeting place, what a
// hearing is about and when to answer, and what an other letter is (meeting, reminder, request,
// information).
#include <algorithm>

#include "domain/letter/cues.h"
#include "domain/letter/internal.h"

namespace bb::letter::detail {
namespace {

constexpr std::string_view kMonths[] = {"januar", "februar", "marts",     "april",   "maj",      "juni",
                                        "juli",   "august",  "september", "oktober", "november", "december"};
constexpr std::string_view kMonthShort[] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                            "jul", "aug", "sep", "okt", "nov", "dec"};
constexpr std::string_view kWeekdays[] = {"mandag", "tirsdag", "onsdag", "torsdag",
                                          "fredag", "lørdag",  "søndag"};
constexpr std::string_view kNumberWords[] = {"en",  "et",   "to", "tre", "fire", "fem",    "seks",
                                             "syv", "otte", "ni", "ti",  "tolv", "fjorten"};
constexpr std::string_view kUnits[] = {"uge",  "uger",  "ugers",    "måned",     "måneder", "måneders", "dag",
                                       "dage", "dages", "hverdage", "hverdages", "år",      "års"};

// Words in a heading that make a one-line first block a heading rather than a letterhead.
constexpr std::string_view kTitleWords[] = {
    "afgørelse*", "partshøring*", "invitation*", "indkald*",    "rykker*", "påmindelse*",  "afslag*",
    "bevilling*", "ophør*",       "møde*",       "aktindsigt*", "varsel*", "orientering*", "information*"};
constexpr std::string_view kNotTitle[] = {"kære",          "hej",    "til ",      "dato",      "side ",
                                          "sagsnr",        "j.nr",   "journalnr", "cpr",       "med venlig",
                                          "venlig hilsen", "mvh",    "vores ref", "deres ref", "telefon",
                                          "tlf",           "e-mail", "www.",      "http"};
constexpr std::string_view kTitlePrefixes[] = {"vedrørende:", "vedr.:",    "vedr.", "vedrørende",
                                               "emne:",       "angående:", "om:"};

template <size_t N>
int index_of(const std::string_view (&table)[N], std::string_view word) {
  for (size_t i = 0; i < N; ++i) {
    if (table[i] == word) return static_cast<int>(i);
  }
  return -1;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

std::string title_candidate(std::string line, bool first_block) {
  std::string low = lower(line);
  for (std::string_view prefix : kTitlePrefixes) {
    if (low.starts_with(prefix)) {
      line = trim(std::string_view(line).substr(prefix.size()));
      low = lower(line);
      break;
    }
  }
  if (line.empty()) return "";
  const char last = line.back();
  if (last == '.' || last == ',' || last == ':' || last == ';') return "";
  for (std::string_view no : kNotTitle) {
    if (low.starts_with(no)) return "";
  }
  const std::vector<std::string> words = split_words(line);
  if (words.empty() || words.size() > 12) return "";
  const bool has_month = std::any_of(words.begin(), words.end(),
                                     [](const std::string& w) { return index_of(kMonths, lower(w)) >= 0; });
  const bool mostly_digits =
      std::count_if(words.begin(), words.end(), [](const std::string& w) { return all_digits(w); }) * 2 >=
      static_cast<long>(words.size());
  if ((has_month && words.size() <= 4) || mostly_digits) return "";
  const Doc d(low);
  const bool keyword = std::any_of(std::begin(kTitleWords), std::end(kTitleWords),
                                   [&](std::string_view c) { return d.contains(c); });
  if (first_block && !keyword) return "";
  return line;
}

}  // namespace

std::string find_title(std::string_view text) {
  std::vector<std::vector<std::string>> blocks(1);
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line = trim(text.substr(start, nl - start));
    if (line.empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
    } else {
      blocks.back().push_back(std::move(line));
    }
    start = nl + 1;
  }
  for (size_t b = 0; b < blocks.size(); ++b) {
    if (blocks[b].size() != 1) continue;
    std::string t = title_candidate(blocks[b][0], b == 0);
    if (!t.empty()) return t;
  }
  // No one-line block: a heading-like line with a heading word among the first lines.
  int seen = 0;
  for (const auto& block : blocks) {
    for (const auto& line : block) {
      if (++seen > 20) return "";
      std::string t = title_candidate(line, true);
      if (!t.empty()) return t;
    }
  }
  return "";
}

int title_sentence(const Doc& doc, const std::string& title) {
  if (title.empty()) return -1;
  for (int s = 0; s < static_cast<int>(doc.sentence_count()) && s < 40; ++s) {
    const std::string t = doc.sentence_text(s);
    if (t == title || (t.size() > title.size() && t.ends_with(title))) return s;
  }
  return -1;
}

std::pair<size_t, size_t> sentence_tokens(const Doc& doc, int s) {
  const std::string_view sl = doc.sentence_low(s);
  size_t first = doc.token_at_or_after(static_cast<size_t>(sl.data() - doc.low().data()));
  size_t last = first;
  while (last < doc.tokens().size() && doc.tokens()[last].sentence == s) ++last;
  return {first, last};
}

DateMention find_date(const Doc& doc, size_t from, size_t to) {
  const auto& toks = doc.tokens();
  const std::string& low = doc.low();
  auto gap = [&](size_t a, std::string_view g) {  // text between tokens a and a+1 is g
    return a + 1 < toks.size() && toks[a + 1].begin - toks[a].end == g.size() &&
           low.compare(toks[a].end, g.size(), g) == 0;
  };
  for (size_t k = from; k < to; ++k) {
    const std::string_view day = doc.token(k);
    if (!all_digits(day) || day.size() > 2 || to_int(day) < 1 || to_int(day) > 31) continue;
    int month = -1;
    size_t end_tok = k, year_tok = 0;
    bool has_year = false;
    if (k + 1 < to && gap(k, ". ")) {  // "3. oktober 2024"
      const std::string_view m = doc.token(k + 1);
      month = index_of(kMonths, m);
      if (month < 0) month = index_of(kMonthShort, m);
      if (month < 0 && m == "sept") month = 8;
      if (month < 0) continue;
      end_tok = k + 1;
      if (k + 2 < to && all_digits(doc.token(k + 2)) && doc.token(k + 2).size() == 4 &&
          (gap(k + 1, " ") || gap(k + 1, ". "))) {
        year_tok = k + 2;
        has_year = true;
        end_tok = k + 2;
      }
    } else if (k + 2 < to) {  // "03.10.2024", "3-10-2024", "3/10/2024"
      const std::string_view m = doc.token(k + 1);
      const std::string_view y = doc.token(k + 2);
      const bool sep = gap(k, ".") || gap(k, "-") || gap(k, "/");
      if (!sep || !all_digits(m) || m.size() > 2 || !all_digits(y) || y.size() != 4) continue;
      if (low[toks[k].end] != low[toks[k + 1].end] || toks[k + 2].begin != toks[k + 1].end + 1) continue;
      month = to_int(m) - 1;
      if (month < 0 || month > 11) continue;
      year_tok = k + 2;
      has_year = true;
      end_tok = k + 2;
    } else {
      continue;
    }
    size_t begin_tok = k;
    if (k > from && doc.token(k - 1) == "den") {
      if (k - 1 > from && index_of(kWeekdays, doc.token(k - 2)) >= 0) begin_tok = k - 2;
    } else if (k > from && index_of(kWeekdays, doc.token(k - 1)) >= 0) {
      begin_tok = k - 1;
    }
    DateMention dm;
    size_t end_pos = toks[end_tok].end;
    // "kl. 13.00" / "kl. 13:00" / "kl. 13"
    if (end_tok + 2 < to && doc.token(end_tok + 1) == "kl" && toks[end_tok + 1].begin == end_pos + 1) {
      const size_t h = end_tok + 2;
      if (all_digits(doc.token(h)) && doc.token(h).size() <= 2) {
        size_t time_end = toks[h].end;
        if (h + 1 < to && all_digits(doc.token(h + 1)) && (gap(h, ".") || gap(h, ":"))) {
          time_end = toks[h + 1].end;
        }
        dm.time = doc.original(toks[h].begin, time_end);
        end_pos = time_end;
      }
    }
    dm.text = doc.original(toks[begin_tok].begin, end_pos);
    if (has_year) {
      Date d(to_int(doc.token(year_tok)), static_cast<unsigned>(month + 1),
             static_cast<unsigned>(to_int(day)));
      if (d.valid()) dm.date = d;
    }
    return dm;
  }
  return {};
}

std::string stated_period(const Doc& doc, int s) {
  auto [from, to] = sentence_tokens(doc, s);
  const auto& toks = doc.tokens();
  for (size_t k = from; k + 1 < to; ++k) {
    const std::string_view n = doc.token(k);
    const bool number = (all_digits(n) && n.size() <= 3) || index_of(kNumberWords, n) >= 0;
    if (!number || toks[k + 1].begin != toks[k].end + 1) continue;
    std::string_view unit = doc.token(k + 1);
    if (index_of(kUnits, unit) < 0) continue;
    if (unit.size() > 2 && unit.ends_with("s")) unit.remove_suffix(1);  // "4 ugers frist"
    return doc.original(toks[k].begin, toks[k].end) + " " + std::string(unit);
  }
  return "";
}

namespace {

std::string classify_outcome(const Doc& doc, int s) {
  if (s < 0) return "";
  if (sentence_has(doc, s, {"delvis*", "delvist*"})) return "delvis";
  if (sentence_has(
          doc, s,
          {"afslag*", "afslå*", "afvis*", "får ikke*", "kan ikke få*", "ikke bevilg*", "ikke imødekom*",
           "ikke ret til*", "ikke berettiget*", "kan ikke give*", "kan ikke bevilge*"})) {
    return "afslag";
  }
  if (sentence_has(doc, s, {"ophør*", "stopper*", "stoppe*", "standse*", "bortfald*", "frakend*"})) {
    return "ophoer";
  }
  if (sentence_has(doc, s, {"tilbagebetal*", "betale tilbage*", "modregn*"})) return "tilbagebetaling";
  if (sentence_has(doc, s,
                   {"nedsæt*", "nedsat*", "sætter ned*", "trække*", "trækker*", "fradrag*", "sanktion*"})) {
    return "nedsaettelse";
  }
  if (sentence_has(doc, s, {"påbyd*", "påbud*", "pålæg*"})) return "paabud";
  if (sentence_has(doc, s,
                   {"bevilg*", "bevilling*", "imødekom*", "godkend*", "tilladelse*", "du får*", "tilkend*",
                    "medhold*"})) {
    return "bevilling";
  }
  return "";
}

class FactFinder {
 public:
  FactFinder(const Doc& doc, const Marks& m, Analysis& a)
      : doc_(doc),
        m_(m),
        a_(a),
        n_(static_cast<int>(doc.sentence_count())),
        title_s_(title_sentence(doc, a.facts.title)) {}

  void run() {
    LetterFacts& f = a_.facts;
    if (a_.kind == Kind::kAfgoerelse) {
      const int s = decision_sentence();
      if (s >= 0) f.decision = doc_.sentence_text(s);
      f.outcome = outcome(s);
      f.aktindsigt_decision = (title_s_ >= 0 && sentence_has(doc_, title_s_, {"aktindsigt*"})) ||
                              (s >= 0 && sentence_has(doc_, s, {"aktindsigt*"}));
    }
    complaint_how();
    if (a_.kind == Kind::kPartshoering) hearing();
    if (a_.kind == Kind::kAndet) other();
    for (int s = 0; s < n_ && !f.bisidder; ++s) {
      f.bisidder = sentence_has(doc_, s, cues::kBisidder) &&
                   sentence_has(doc_, s, {"velkommen*", "ret til*", "gerne*", "må*", "kan*"});
    }
  }

 private:
  bool plain(int s) const {
    const auto i = static_cast<size_t>(s);
    return s != title_s_ && !m_.klage_context[i] && !m_.conditional[i];
  }

  // The decision sentence's outcome; "delvis" when the decision sentences both grant and
  // refuse ("Du får dækket … Du får ikke dækket …"); else the heading's.
  std::string outcome(int decision_s) const {
    std::string first = classify_outcome(doc_, decision_s);
    bool grant = first == "bevilling", refusal = first == "afslag";
    for (int s = 0; s < n_; ++s) {
      if (s == decision_s || !plain(s) || !m_.decision[static_cast<size_t>(s)]) continue;
      const std::string o = classify_outcome(doc_, s);
      if (o == "delvis") return o;
      grant = grant || o == "bevilling";
      refusal = refusal || o == "afslag";
      if (first.empty()) first = o;
    }
    if (grant && refusal) return "delvis";
    return first.empty() ? classify_outcome(doc_, title_s_) : first;
  }

  int decision_sentence() const {
    for (int s = 0; s < n_; ++s) {
      if (plain(s) && m_.decision[static_cast<size_t>(s)] &&
          !sentence_has(doc_, s, {"afgørelsen er truffet*", "afgørelse er truffet*"})) {
        return s;
      }
    }
    for (int s = 0; s < n_; ++s) {
      if (plain(s) && m_.outcome[static_cast<size_t>(s)]) return s;
    }
    for (int s = 0; s < n_; ++s) {
      if (plain(s) && m_.decision[static_cast<size_t>(s)]) return s;
    }
    return -1;
  }

  void complaint_how() {
    auto& how = a_.facts.complaint_how;
    bool via = false, portal = false, oral = false;
    for (int s = 0; s < n_; ++s) {
      if (!m_.klage_context[static_cast<size_t>(s)]) continue;
      via = via || sentence_has(doc_, s, cues::kViaMunicipality);
      portal = portal || sentence_has(doc_, s, cues::kKlageportalen);
      oral = oral || sentence_has(doc_, s, cues::kOrally);
    }
    if (via) how.push_back("via_kommunen");
    if (portal) how.push_back("klageportalen");
    if (oral) how.push_back("mundtligt");
  }

  DateMention date_in(int s) const {
    auto [from, to] = sentence_tokens(doc_, s);
    return find_date(doc_, from, to);
  }

  // The first date in a sentence about answering ("senest", "inden", "frist").
  DateMention reply_date(const std::vector<char>* prefer) const {
    for (int pass = prefer ? 0 : 1; pass < 2; ++pass) {
      for (int s = 0; s < n_; ++s) {
        if (pass == 0 && !(*prefer)[static_cast<size_t>(s)]) continue;
        if (m_.klage_context[static_cast<size_t>(s)] || !sentence_has(doc_, s, cues::kReplyBy)) continue;
        DateMention dm = date_in(s);
        if (!dm.text.empty()) return dm;
      }
    }
    return {};
  }

  void hearing() {
    LetterFacts& f = a_.facts;
    int any = -1;
    for (int s = 0; s < n_; ++s) {
      if (!m_.hearing_intent[static_cast<size_t>(s)] || s == title_s_) continue;
      if (any < 0) any = s;
      if (sentence_has(doc_, s,
                       {"overvejer*", "påtænker*", "agter*", "forventer at*", "vil træffe*", "om at*"})) {
        any = s;
        break;
      }
    }
    if (any < 0 && title_s_ >= 0) any = title_s_;
    if (any >= 0) f.hearing_subject = doc_.sentence_text(any);
    f.reply_by = reply_date(&m_.partshoering);
  }

  void other() {
    LetterFacts& f = a_.facts;
    const std::string title_low = lower(f.title);
    const Doc title(title_low);  // a Doc views its text: keep the string alive
    auto title_has = [&](Cues c) {
      return std::any_of(c.begin(), c.end(), [&](std::string_view x) { return title.contains(x); });
    };
    auto doc_has = [&](Cues c) {
      return std::any_of(c.begin(), c.end(), [&](std::string_view x) { return doc_.contains(x); });
    };
    const DateMention meeting = meeting_date();
    if (title_has(cues::kReminder)) {
      f.purpose = "rykker";
    } else if (title_has(cues::kMeetingTitle) || !meeting.time.empty()) {
      f.purpose = "moede";
    } else if (doc_has(cues::kReminder)) {
      f.purpose = "rykker";
    } else if (doc_has(cues::kMeeting) && !meeting.text.empty()) {
      f.purpose = "moede";
    } else if (doc_has(cues::kRequest)) {
      f.purpose = "anmodning";
    } else {
      f.purpose = "information";
    }
    if (f.purpose == "moede") {
      f.when = meeting;
      f.where = place();
    } else if (f.purpose != "information") {
      f.reply_by = reply_date(nullptr);
    }
  }

  DateMention meeting_date() {
    DateMention with_time;
    for (int s = 0; s < n_; ++s) {
      DateMention dm = date_in(s);
      if (dm.text.empty()) continue;
      if (sentence_has(doc_, s, cues::kMeeting)) {
        meeting_s_ = s;
        return dm;
      }
      if (with_time.text.empty() && !dm.time.empty()) {
        with_time = dm;
        meeting_s_ = s;
      }
    }
    return with_time;
  }

  // "… kl. 13.00 på Rådhuset, mødelokale 4." → "Rådhuset, mødelokale 4"; or a "Sted:" line.
  std::string place() const {
    if (meeting_s_ >= 0) {
      auto [from, to] = sentence_tokens(doc_, meeting_s_);
      const std::string_view sl = doc_.sentence_low(meeting_s_);
      const size_t sent_end = static_cast<size_t>(sl.data() - doc_.low().data()) + sl.size();
      const std::string& when = a_.facts.when.text;
      for (size_t k = from; k + 1 < to; ++k) {
        const std::string_view t = doc_.token(k);
        if (t != "på" && t != "i" && t != "hos") continue;
        const std::string rest_before = doc_.original(doc_.tokens()[from].begin, doc_.tokens()[k].begin);
        if (when.empty() || rest_before.find(when) == std::string::npos) continue;
        std::string p = doc_.original(doc_.tokens()[k + 1].begin, sent_end);
        while (!p.empty() && (p.back() == '.' || p.back() == ' ')) p.pop_back();
        return p;
      }
    }
    for (int s = 0; s + 1 < n_; ++s) {
      const std::string_view sl = doc_.sentence_low(s);
      if ((sl == "sted:" || sl == "mødested:" || sl == "adresse:" || sl == "hvor:") &&
          doc_.sentences()[static_cast<size_t>(s)].line ==
              doc_.sentences()[static_cast<size_t>(s) + 1].line) {
        return doc_.sentence_text(s + 1);
      }
    }
    return "";
  }

  const Doc& doc_;
  const Marks& m_;
  Analysis& a_;
  const int n_;
  const int title_s_;
  int meeting_s_ = -1;
};

}  // namespace

void fill_facts(const Doc& doc, const Marks& marks, Analysis& a) {
  FactFinder(doc, marks, a).run();
}

}  // namespace bb::letter::detail
