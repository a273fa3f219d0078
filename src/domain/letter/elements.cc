// Elements of a decision, the complaint body and its deadline area, the kind of letter, a full
// grant, and what is missing. Every result keeps the sentences that show it.
//
// Kind, by points (sentences that only state a condition — "hvis", "kan betyde" — give no
// decision points):
//   decision: 2 per sentence stating a decision ("vi har besluttet", "du får afslag",
//     "afgørelsen er truffet"); 1 if any outcome word ("afslag", "bevilget", "ophør"); 2 for
//     complaint guidance (not in a letter acknowledging a complaint); 1 for a legal basis; 3 for
//     a heading with "afgørelse" (2 for "afslag", "bevilling", "ophør", "påbud", "tilladelse").
//   hearing: 3 per sentence saying a decision is coming ("inden vi træffer afgørelse", "vi
//     overvejer at"), 1 per sentence asking for comments, 3 for a heading with "partshøring".
//   hearing ≥ 3 and ≥ decision → partshoering; else decision ≥ 2 → afgoerelse; else hearing ≥ 2
//   → partshoering; else andet.
//
// Deadline area: "aktindsigt" for a decision on access to documents; for Ankestyrelsen (or no
// body named, guidance given and a social or employment law cited) "beskaeftigelse" when
// employment laws and words outweigh social ones, else "social"; otherwise the rules row of
// the body named; with no body named but complaint guidance given, the area of the first law
// cited that has one (byggeloven → byg, planloven → plan, …).
#include <algorithm>

#include "domain/letter/cues.h"
#include "domain/letter/internal.h"

namespace bb::letter::detail {
namespace {

struct BodyName {
  std::string_view name;
  std::string_view cues[2];  // unused slots are empty
};

// Complaint bodies; Folketingets Ombudsmand is used only when no other body is named.
constexpr BodyName kBodies[] = {
    {"Skatteankestyrelsen", {"skatteankestyrelsen*"}},
    {"Ankestyrelsen", {"ankestyrelsen*"}},
    {"Byggeklageenheden", {"byggeklageenheden*"}},
    {"Planklagenævnet", {"planklagenævnet*"}},
    {"Miljø- og Fødevareklagenævnet", {"miljø- og fødevareklagenævnet*", "fødevareklagenævnet*"}},
    {"Klagenævnet for Specialundervisning", {"klagenævnet for specialundervisning*"}},
    {"Patienterstatningen", {"patienterstatningen*"}},
    {"Styrelsen for Patientklager", {"styrelsen for patientklager*"}},
    {"Landsskatteretten", {"landsskatteretten*"}},
    {"Skatteankenævnet", {"skatteankenævnet*"}},
    {"Vurderingsankenævnet", {"vurderingsankenævnet*"}},
    {"Motorankenævnet", {"motorankenævnet*"}},
    {"Energiklagenævnet", {"energiklagenævnet*"}},
    {"Ligebehandlingsnævnet", {"ligebehandlingsnævnet*"}},
    {"Datatilsynet", {"datatilsynet*"}},
    {"Huslejenævnet", {"huslejenævnet*"}},
    {"Beboerklagenævnet", {"beboerklagenævnet*"}},
    {"Folketingets Ombudsmand", {"folketingets ombudsmand*", "ombudsmanden*"}},
};
constexpr std::string_view kOmbudsmand = "Folketingets Ombudsmand";

// Laws that point at an area when no body is named (and at employment vs social).
struct LawArea {
  std::string_view law;
  std::string_view area;
};
constexpr LawArea kLawAreas[] = {
    {"serviceloven", "social"},
    {"barnets lov", "social"},
    {"retssikkerhedsloven", "social"},
    {"pensionsloven", "social"},
    {"boligstøtteloven", "social"},
    {"sygedagpengeloven", "beskaeftigelse"},
    {"beskæftigelsesloven", "beskaeftigelse"},
    {"lov om aktiv beskæftigelsesindsats", "beskaeftigelse"},
    {"lov om aktiv socialpolitik", "beskaeftigelse"},
    {"aktivloven", "beskaeftigelse"},
    {"integrationsloven", "beskaeftigelse"},
    {"kompensationsloven", "beskaeftigelse"},
    {"byggeloven", "byg"},
    {"planloven", "plan"},
    {"miljøbeskyttelsesloven", "miljoe"},
    {"naturbeskyttelsesloven", "miljoe"},
    {"vandforsyningsloven", "miljoe"},
    {"skatteforvaltningsloven", "skat"},
    {"ejendomsskatteloven", "skat"},
};

std::string_view area_of_law(const std::string& law) {
  for (const auto& la : kLawAreas) {
    if (la.law == law) return la.area;
  }
  return "";
}

int to_int(const std::string& s) {
  int n = 0;
  for (char c : s) {
    // Past any paragraph number, stop before the int overflows ("§ 4122222222").
    if (c < '0' || c > '9' || n > 100000) break;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::vector<char> combine_or(std::vector<char> a, const std::vector<char>& b) {
  for (size_t i = 0; i < a.size(); ++i) a[i] = a[i] || b[i];
  return a;
}

// Sentences that hold a legal reference: a "§" or a law's name.
std::vector<char> reference_sentences(const Doc& doc) {
  std::vector<char> marks(doc.sentence_count(), 0);
  const std::string& low = doc.low();
  for (size_t p = low.find("\xC2\xA7"); p != std::string::npos; p = low.find("\xC2\xA7", p + 2)) {
    const int s = doc.sentence_at(p);
    if (s >= 0) marks[static_cast<size_t>(s)] = 1;
  }
  for (size_t i = 0; i < doc.tokens().size(); ++i) {
    const std::string_view t = doc.token(i);
    const bool law = (t.size() > 5 && (t.ends_with("loven") || t.ends_with("lovens"))) || t == "lov";
    const int s = doc.tokens()[i].sentence;
    if (law && s >= 0) marks[static_cast<size_t>(s)] = 1;
  }
  return marks;
}

class Detector {
 public:
  Detector(const Doc& doc, const Marks& m, const DeadlineRules& rules, Analysis& a)
      : doc_(doc), m_(m), rules_(rules), a_(a), n_(static_cast<int>(doc.sentence_count())) {}

  void run() {
    set("klagevejledning", m_.klagevejledning);
    set("klagefrist", m_.klagefrist);
    set("partshoering", m_.partshoering);
    set("aktindsigt", m_.aktindsigt);
    hjemmel_ = hjemmel_marks();
    a_.kind = kind();
    const bool reasoned = a_.kind != Kind::kAndet;
    set("hjemmel", reasoned ? hjemmel_ : std::vector<char>(doc_.sentence_count(), 0));
    set("begrundelse", reasoned ? begrundelse_marks() : std::vector<char>(doc_.sentence_count(), 0));
    stated_deadline();
    body();
    a_.full_grant = a_.kind == Kind::kAfgoerelse && full_grant();
  }

  void area() {
    const std::string& body = a_.body;
    std::string area;
    if (a_.facts.aktindsigt_decision && rules_.find("aktindsigt")) {
      area = "aktindsigt";
    } else if (!body.empty()) {
      if (const DeadlineRule* r = rules_.find_by_body(body)) area = r->area;
    } else if (a_.elements["klagevejledning"]) {
      for (const auto& ref : a_.references) {
        const std::string_view la = area_of_law(ref.law);
        if (!la.empty() && rules_.find(la)) {
          area = std::string(la);
          break;
        }
      }
    }
    const bool ankestyrelsen =
        area != "aktindsigt" &&
        (body == "Ankestyrelsen" || (body.empty() && (area == "social" || area == "beskaeftigelse")));
    if (ankestyrelsen) {
      const char* choice = employment() ? "beskaeftigelse" : "social";
      if (rules_.find(choice)) area = choice;
    }
    a_.deadline_area = area;
  }

 private:
  void set(const char* element, const std::vector<char>& marks) {
    auto& ev = a_.evidence[element];
    for (int s = 0; s < n_; ++s) {
      if (marks[static_cast<size_t>(s)]) ev.push_back(doc_.sentence_text(s));
    }
    a_.elements[element] = !ev.empty();
  }

  bool doc_contains(Cues cues) const {
    return std::any_of(cues.begin(), cues.end(), [&](std::string_view c) { return doc_.contains(c); });
  }

  // A legal reference with a word of legal basis, not in complaint guidance, hearing or
  // access-to-documents information.
  std::vector<char> hjemmel_marks() const {
    std::vector<char> refs = reference_sentences(doc_);
    std::vector<char> out(doc_.sentence_count(), 0);
    for (int s = 0; s < n_; ++s) {
      const auto i = static_cast<size_t>(s);
      if (!refs[i] || !m_.hjemmel[i] || m_.klagevejledning[i]) continue;
      if (sentence_has(doc_, s, {"partshør*", "forvaltningslovens § 19*"})) continue;
      if (sentence_has(doc_, s, cues::kAktindsigtInfo)) continue;
      out[i] = 1;
    }
    return out;
  }

  std::vector<char> begrundelse_marks() const {
    const std::vector<char>& cue = a_.kind == Kind::kPartshoering ? m_.begrundelse_strong : m_.begrundelse;
    std::vector<char> out(doc_.sentence_count(), 0);
    for (size_t i = 0; i < out.size(); ++i) out[i] = cue[i] && !m_.klage_context[i];
    return out;
  }

  // Reads like a full grant, and nothing outside complaint guidance and conditions refuses,
  // limits or stops anything.
  bool full_grant() const {
    bool grant = doc_contains(cues::kFullGrant);
    for (int s = 0; s < n_ && !grant; ++s) {
      grant = sentence_has(doc_, s, cues::kGrantWords) && sentence_has(doc_, s, cues::kAppliedFor);
    }
    if (!grant) return false;
    const std::vector<char> refusal = mark_sentences(doc_, cues::kRefusal);
    for (size_t i = 0; i < refusal.size(); ++i) {
      if (refusal[i] && !m_.klage_context[i] && !m_.conditional[i]) return false;
    }
    return true;
  }

  Kind kind() {
    const std::string title = lower(a_.facts.title);
    const Doc title_doc(title);
    int decision = 0, hearing = 0;
    std::vector<int> decision_ev, hearing_ev;
    bool outcome = false;
    for (int s = 0; s < n_; ++s) {
      const auto i = static_cast<size_t>(s);
      if (m_.hearing_intent[i]) {
        hearing += 3;
        hearing_ev.push_back(s);
      } else if (m_.hearing_invite[i]) {
        hearing += 1;
        hearing_ev.push_back(s);
      }
      if (m_.conditional[i]) continue;
      if (m_.decision[i]) {
        decision += 2;
        decision_ev.push_back(s);
      }
      if (m_.outcome[i]) outcome = true;
    }
    if (outcome) decision += 1;
    if (a_.elements["klagevejledning"] && !doc_contains(cues::kAcknowledgement)) decision += 2;
    if (std::any_of(hjemmel_.begin(), hjemmel_.end(), [](char c) { return c != 0; })) decision += 1;
    const int ts = title_sentence(doc_, a_.facts.title);
    if (title_doc.contains("afgørelse*")) {
      decision += 3;
      if (ts >= 0) decision_ev.insert(decision_ev.begin(), ts);
    } else if (title_doc.contains("afslag*") || title_doc.contains("bevilling*") ||
               title_doc.contains("ophør*") || title_doc.contains("påbud*") ||
               title_doc.contains("tilladelse*")) {
      decision += 2;
      if (ts >= 0) decision_ev.insert(decision_ev.begin(), ts);
    }
    if (title_doc.contains("partshøring*")) {
      hearing += 3;
      if (ts >= 0) hearing_ev.insert(hearing_ev.begin(), ts);
    }
    if (decision_ev.empty()) {
      for (int s = 0; s < n_; ++s) {
        if (m_.klagevejledning[static_cast<size_t>(s)] || hjemmel_[static_cast<size_t>(s)]) {
          decision_ev.push_back(s);
        }
      }
    }
    Kind k = Kind::kAndet;
    const std::vector<int>* ev = nullptr;
    if (hearing >= 3 && hearing >= decision) {
      k = Kind::kPartshoering;
      ev = &hearing_ev;
    } else if (decision >= 2) {
      k = Kind::kAfgoerelse;
      ev = &decision_ev;
    } else if (hearing >= 2) {
      k = Kind::kPartshoering;
      ev = &hearing_ev;
    }
    if (ev) {
      std::vector<int> seen;
      for (int s : *ev) {
        if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
        seen.push_back(s);
        a_.kind_evidence.push_back(doc_.sentence_text(s));
        if (seen.size() == 3) break;
      }
    }
    return k;
  }

  void stated_deadline() {
    for (int s = 0; s < n_ && a_.stated_deadline.empty(); ++s) {
      if (!m_.klagefrist[static_cast<size_t>(s)]) continue;
      a_.stated_deadline = stated_period(doc_, s);
      if (a_.stated_deadline.empty()) {
        auto [from, to] = sentence_tokens(doc_, s);
        a_.stated_deadline = find_date(doc_, from, to).text;
      }
    }
  }

  // The first body named where the letter talks about complaining; the Ombudsman only when
  // no other body is named.
  void body() {
    std::string fallback;
    for (int s = 0; s < n_; ++s) {
      if (!m_.klage_context[static_cast<size_t>(s)]) continue;
      for (const auto& b : kBodies) {
        const bool named =
            sentence_has(doc_, s, {b.cues[0]}) || (!b.cues[1].empty() && sentence_has(doc_, s, {b.cues[1]}));
        if (!named) continue;
        if (b.name == kOmbudsmand) {
          if (fallback.empty()) fallback = std::string(b.name);
          continue;
        }
        a_.body = std::string(b.name);
        return;
      }
    }
    a_.body = fallback;
  }

  // Employment rather than social matters: laws and words, weighed.
  bool employment() const {
    int employment = 0, social = 0;
    for (const auto& ref : a_.references) {
      if (ref.law == "retssikkerhedsloven") continue;  // procedure for both
      const std::string_view la = area_of_law(ref.law);
      const bool aktiv = ref.law == "lov om aktiv socialpolitik" || ref.law == "aktivloven";
      const int para = to_int(ref.paragraph);
      if (aktiv && para >= 81 && para <= 85) {
        social += 2;  // kapitel 10, hjælp i særlige tilfælde
      } else if (la == "beskaeftigelse") {
        employment += 2;
      } else if (la == "social") {
        social += 2;
      }
    }
    for (std::string_view c : cues::kEmployment) employment += doc_.contains(c) ? 1 : 0;
    for (std::string_view c : cues::kSocial) social += doc_.contains(c) ? 1 : 0;
    return employment > social;
  }

  const Doc& doc_;
  const Marks& m_;
  const DeadlineRules& rules_;
  Analysis& a_;
  const int n_;
  std::vector<char> hjemmel_;
};

// The required elements, in this order, with why each matters (forvaltningsloven).
struct Requirement {
  const char* element;
  const char* why;
  const char* why_en;
};
constexpr Requirement kRequirements[] = {
    {"hjemmel",
     "Brevet nævner ikke den regel, afgørelsen bygger på. Efter forvaltningslovens § 24 skal "
     "begrundelsen henvise til de regler, afgørelsen er truffet efter.",
     "The letter does not name the rule the decision is based on. Under section 24 of the Danish "
     "Public Administration Act (forvaltningsloven), the reasons must refer to the rules the "
     "decision is made under."},
    {"begrundelse",
     "Brevet forklarer ikke, hvorfor afgørelsen blev sådan. Efter forvaltningslovens § 22 og § 24 "
     "skal en skriftlig afgørelse have en begrundelse med de vigtigste fakta, der er lagt vægt på.",
     "The letter does not explain why the decision was made. Under sections 22 and 24 of the "
     "Public Administration Act, a written decision must give reasons, including the main facts "
     "that were given weight."},
    {"klagevejledning",
     "Brevet fortæller ikke, om og hvordan du kan klage. Efter forvaltningslovens § 25 skal en "
     "afgørelse, der kan klages over, have en klagevejledning med klageinstans, form og frist.",
     "The letter does not say whether or how you can complain. Under section 25 of the Public "
     "Administration Act, a decision that can be appealed must say where to complain, how, and "
     "by when."},
    {"klagefrist",
     "Brevet fortæller, at du kan klage, men ikke hvornår klagen senest skal sendes. Efter "
     "forvaltningslovens § 25 skal klagevejledningen nævne fristen for at klage.",
     "The letter says you can complain but not by when. Under section 25 of the Public "
     "Administration Act, the complaint guidance must state the deadline for complaining."},
};

}  // namespace

Marks mark_all(const Doc& doc) {
  Marks m;
  m.klagevejledning = mark_sentences(doc, cues::kKlagevejledning);
  m.klage_context = combine_or(mark_sentences(doc, cues::kKlageWords), m.klagevejledning);
  // Complaint guidance runs on: up to two sentences after a guidance sentence, or after a
  // sentence about complaining that follows one, belong to it ("Fristen er 4 uger.", "Hvis
  // vi ikke giver dig medhold, sender vi sagen til Ankestyrelsen.").
  int run_on = 0;
  for (size_t i = 0; i < m.klage_context.size(); ++i) {
    if (m.klagevejledning[i] || (m.klage_context[i] && run_on > 0)) {
      m.klage_context[i] = 1;
      run_on = 2;
    } else if (run_on > 0) {
      m.klage_context[i] = 1;
      --run_on;
    }
  }
  m.klagefrist = mark_sentences(doc, cues::kKlagefrist);
  const std::vector<char> frist_words = mark_sentences(doc, cues::kFristWords);
  for (size_t i = 0; i < m.klagefrist.size(); ++i) {
    if (m.klagefrist[i] || !m.klage_context[i] || !frist_words[i]) continue;
    const int s = static_cast<int>(i);
    if (!stated_period(doc, s).empty()) {
      m.klagefrist[i] = 1;
    } else {
      auto [from, to] = sentence_tokens(doc, s);
      m.klagefrist[i] = find_date(doc, from, to).date.has_value();
    }
  }
  m.hjemmel = mark_sentences(doc, cues::kHjemmel);
  m.begrundelse = mark_sentences(doc, cues::kBegrundelse);
  m.begrundelse_strong = mark_sentences(doc, cues::kBegrundelseStrong);
  m.partshoering = mark_sentences(doc, cues::kPartshoering);
  m.aktindsigt = mark_sentences(doc, cues::kAktindsigt);
  m.conditional = mark_sentences(doc, cues::kConditional);
  m.decision = mark_sentences(doc, cues::kDecision);
  m.outcome = mark_sentences(doc, cues::kOutcome);
  m.hearing_intent = mark_sentences(doc, cues::kHearingIntent);
  m.hearing_invite = mark_sentences(doc, cues::kHearingInvite);
  return m;
}

void detect(const Doc& doc, const Marks& marks, const DeadlineRules& rules, Analysis& a) {
  Detector d(doc, marks, rules, a);
  d.run();
  fill_facts(doc, marks, a);
  d.area();
  if (a.kind != Kind::kAfgoerelse || a.full_grant) return;
  for (const auto& req : kRequirements) {
    const std::string el = req.element;
    const bool absent = !a.elements[el];
    const bool needed = el != "klagefrist" || a.elements["klagevejledning"];
    if (absent && needed) a.missing.push_back({el, req.why, req.why_en});
  }
}

}  // namespace bb::letter::detail
