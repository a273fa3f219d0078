// The citizen's summary, in plain Danish (short sentences, short words) and in plain English
// for a reader who does not read Danish. Built only from what the analysis found; it hedges
// ("det ser ud til") because it is made by rules, not by a person.
#include "domain/letter/internal.h"

namespace bb::letter {
namespace {

struct BodyEnglish {
  std::string_view da;
  std::string_view en;
};
constexpr BodyEnglish kBodiesEn[] = {
    {"Ankestyrelsen", "the National Social Appeals Board (Ankestyrelsen)"},
    {"Byggeklageenheden", "the Building Appeals Unit (Byggeklageenheden)"},
    {"Planklagenævnet", "the Planning Appeals Board (Planklagenævnet)"},
    {"Miljø- og Fødevareklagenævnet",
     "the Environment and Food Appeals Board (Miljø- og Fødevareklagenævnet)"},
    {"Skatteankestyrelsen", "the Danish Tax Appeals Agency (Skatteankestyrelsen)"},
    {"Folketingets Ombudsmand", "the Parliamentary Ombudsman (Folketingets Ombudsmand)"},
    {"Klagenævnet for Specialundervisning",
     "the Special Education Appeals Board (Klagenævnet for Specialundervisning)"},
    {"Patienterstatningen", "the Patient Compensation Association (Patienterstatningen)"},
    {"Styrelsen for Patientklager", "the Patient Complaints Agency (Styrelsen for Patientklager)"},
    {"Landsskatteretten", "the National Tax Tribunal (Landsskatteretten)"},
    {"Datatilsynet", "the Data Protection Agency (Datatilsynet)"},
};

std::string body_en(const std::string& body) {
  for (const auto& b : kBodiesEn) {
    if (b.da == body) return std::string(b.en);
  }
  return body;
}

struct Outcome {
  std::string_view code, da, en;
};
constexpr Outcome kOutcomes[] = {
    {"afslag", "Det ser ud til, at du ikke får det, du har søgt om.",
     "It seems your application has been refused."},
    {"delvis", "Det ser ud til, at du kun får en del af det, du har søgt om.",
     "It seems you get only part of what you applied for."},
    {"ophoer", "Det ser ud til, at en ydelse eller en hjælp stopper.",
     "It seems a benefit or a service is being stopped."},
    {"tilbagebetaling", "Det ser ud til, at du skal betale penge tilbage.",
     "It seems you have to pay money back."},
    {"nedsaettelse", "Det ser ud til, at du får mindre end før.", "It seems you will get less than before."},
    {"paabud", "Det ser ud til, at kommunen pålægger dig at gøre noget.",
     "It seems the municipality orders you to do something."},
    {"bevilling", "Det ser ud til, at du får det, du har søgt om.",
     "It seems you have been granted what you applied for."},
};

// "4 uger" → "4 weeks"; words not in the table stay as they are.
std::string period_en(const std::string& da) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {{"uge", "week"},
                                                                             {"uger", "weeks"},
                                                                             {"måned", "month"},
                                                                             {"måneder", "months"},
                                                                             {"dag", "day"},
                                                                             {"dage", "days"},
                                                                             {"hverdage", "working days"},
                                                                             {"år", "year(s)"},
                                                                             {"en", "1"},
                                                                             {"et", "1"},
                                                                             {"to", "2"},
                                                                             {"tre", "3"},
                                                                             {"fire", "4"},
                                                                             {"fem", "5"},
                                                                             {"seks", "6"},
                                                                             {"otte", "8"},
                                                                             {"ti", "10"},
                                                                             {"tolv", "12"},
                                                                             {"fjorten", "14"}};
  std::string out;
  size_t i = 0;
  while (i <= da.size()) {
    size_t sp = da.find(' ', i);
    if (sp == std::string::npos) sp = da.size();
    std::string word = da.substr(i, sp - i);
    const std::string low = detail::lower(word);
    for (const auto& [d, e] : kWords) {
      if (low == d) word = std::string(e);
    }
    if (!out.empty()) out += ' ';
    out += word;
    i = sp + 1;
  }
  return out;
}

std::string date_da(const DateMention& d) {
  if (!d.date) return d.text;
  std::string s = danish_weekday_date(*d.date);
  if (!d.time.empty()) s += " kl. " + d.time;
  return s;
}

std::string date_en(const DateMention& d) {
  if (!d.date) return d.text + " (as written in Danish)";
  std::string s = english_weekday_date(*d.date);
  if (!d.time.empty()) s += " at " + d.time;
  return s;
}

class Writer {
 public:
  Writer(const Analysis& a, const std::optional<DeadlineResult>& dl) : a_(a), f_(a.facts), dl_(dl) {}

  Summary run() {
    switch (a_.kind) {
      case Kind::kAfgoerelse:
        decision();
        break;
      case Kind::kPartshoering:
        hearing();
        break;
      case Kind::kAndet:
        other();
        break;
    }
    add("Teksten er lavet automatisk ud fra brevet. Den kan tage fejl. Læs altid selve brevet.",
        "This summary was made automatically from the letter and may be wrong. Always check the "
        "letter itself.");
    return {join(da_), join(en_)};
  }

 private:
  void add(std::string da, std::string en) {
    if (!da.empty()) da_.push_back(std::move(da));
    if (!en.empty()) en_.push_back(std::move(en));
  }

  static std::string join(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += (s.empty() ? "" : "\n") + l;
    return s;
  }

  void title(const char* da_label, const char* en_label) {
    if (f_.title.empty()) return;
    add(std::string(da_label) + " \"" + f_.title + "\".",
        std::string(en_label) + " (in Danish): \"" + f_.title + "\".");
  }

  void decision() {
    add("Brevet er en afgørelse fra kommunen.",
        "This letter is a decision (in Danish: afgørelse) from the municipality.");
    title("Brevet handler om:", "Its heading");
    if (!f_.decision.empty()) {
      add("Det vigtigste står her: \"" + f_.decision + "\"",
          "The key sentence (in Danish): \"" + f_.decision + "\"");
    }
    for (const auto& o : kOutcomes) {
      if (o.code == f_.outcome && !a_.full_grant) add(std::string(o.da), std::string(o.en));
    }
    if (a_.full_grant) {
      add("Det ser ud til, at du får alt det, du har søgt om. Så skal brevet ikke have en begrundelse "
          "eller en klagevejledning (forvaltningslovens § 22 og § 25).",
          "It seems you have been given everything you applied for. A decision that fully grants an "
          "application needs no reasons and no complaint guidance (sections 22 and 25 of the Public "
          "Administration Act, forvaltningsloven).");
    }
    complaint();
    deadline();
    missing();
  }

  void complaint() {
    const auto it = a_.elements.find("klagevejledning");
    const bool guidance = it != a_.elements.end() && it->second;
    if (!guidance) {
      if (!a_.full_grant) {
        add("Brevet siger ikke, om du kan klage. Spørg kommunen, eller kontakt borgerrådgiveren.",
            "The letter does not say whether you can complain. Ask the municipality or contact the "
            "citizen advisor (borgerrådgiveren).");
      }
      return;
    }
    add("Du kan klage over afgørelsen.", "You can complain about the decision.");
    const bool via = has_how("via_kommunen");
    if (!a_.body.empty() && !via) {
      add("Det er " + a_.body + ", der behandler klagen.",
          "The complaint is handled by " + body_en(a_.body) + ".");
    }
    if (via) {
      const std::string to = a_.body.empty() ? "" : " til " + a_.body;
      const std::string to_en = a_.body.empty() ? "" : " to " + body_en(a_.body);
      add("Send klagen til kommunen. Kommunen ser på sagen igen. Hvis du ikke får ret, sender kommunen "
          "klagen videre" +
              to + ".",
          "Send the complaint to the municipality. The municipality looks at the case again. If it "
          "does not agree with you, it sends the complaint on" +
              to_en + ".");
    }
    if (has_how("klageportalen")) {
      add("Du skal klage digitalt i Klageportalen. Du finder den på borger.dk.",
          "You must complain online through Klageportalen (the complaints portal), found on borger.dk.");
    }
    if (has_how("mundtligt")) {
      add("Du kan også klage mundtligt, fx ved at ringe.",
          "You can also complain orally, for example by phone.");
    }
  }

  bool has_how(std::string_view code) const {
    for (const auto& h : f_.complaint_how) {
      if (h == code) return true;
    }
    return false;
  }

  void deadline() {
    if (dl_ && dl_->deadline) {
      add("Fristen for at klage er " + danish_weekday_date(*dl_->deadline) + ".",
          "The deadline for complaining is " + english_weekday_date(*dl_->deadline) + ".");
      add("Fristen regnes fra den dag, du fik brevet. Her er det " + dl_->received.danish() + ".",
          "It counts from the day you received the letter, here " + english_weekday_date(dl_->received) +
              ".");
      if (dl_->rolled_from) {
        add("Den sidste dag var en fridag. Derfor er fristen flyttet til næste hverdag.",
            "The last day fell on a weekend or public holiday, so the deadline moves to the next "
            "working day.");
      }
      if (!dl_->rule.fee.empty()) {
        add("Det koster et gebyr at klage: " + dl_->rule.fee,
            "There is a fee for complaining: " + dl_->rule.text("fee", "en").text);
      }
    } else if (dl_) {
      add("Der er ingen fast frist for at klage.", "There is no fixed deadline for complaining.");
    } else if (!a_.stated_deadline.empty()) {
      add("Brevet siger, at fristen er " + a_.stated_deadline +
              ". Fristen regnes fra den dag, du fik brevet.",
          "The letter says the deadline is " + period_en(a_.stated_deadline) +
              ". It counts from the day you received the letter.");
    }
  }

  void missing() {
    if (a_.missing.empty()) return;
    add("Det ser ud til, at der mangler noget i brevet:", "Something seems to be missing from the letter:");
    for (const auto& m : a_.missing) add("- " + m.why, "- " + m.why_en);
  }

  void hearing() {
    add("Brevet er en partshøring. Kommunen vil høre dig, før den træffer en afgørelse.",
        "This letter is a hearing (in Danish: partshøring). The municipality wants to hear your "
        "views before it makes a decision.");
    if (!f_.hearing_subject.empty()) {
      add("Det handler om: \"" + f_.hearing_subject + "\"",
          "It is about (in Danish): \"" + f_.hearing_subject + "\"");
    }
    if (!f_.reply_by.text.empty()) {
      add("Du kan svare senest " + date_da(f_.reply_by) + ".",
          "You can reply until " + date_en(f_.reply_by) + ".");
    } else {
      add("Brevet siger ikke, hvornår du skal svare. Spørg kommunen, hvis du er i tvivl.",
          "The letter does not say by when to reply. Ask the municipality if in doubt.");
    }
    add("Du har ret til at svare, men du skal ikke.", "You have the right to reply, but you do not have to.");
    add("Der er ikke truffet en afgørelse endnu. Derfor kan du ikke klage nu.",
        "No decision has been made yet, so you cannot complain now.");
  }

  void other() {
    if (f_.purpose == "moede") {
      add("Brevet er en invitation til et møde.", "This letter is an invitation to a meeting.");
      if (!f_.when.text.empty()) add("Tid: " + date_da(f_.when) + ".", "Time: " + date_en(f_.when) + ".");
      if (!f_.where.empty())
        add("Sted: " + f_.where + ".", "Place (as written in Danish): " + f_.where + ".");
    } else if (f_.purpose == "rykker") {
      add("Brevet er en rykker. Kommunen mangler noget fra dig.",
          "This letter is a reminder (in Danish: rykker). The municipality is waiting for something "
          "from you.");
    } else if (f_.purpose == "anmodning") {
      add("I brevet beder kommunen dig om noget.", "In this letter the municipality asks you for something.");
    } else {
      add("Brevet ser ud til at give dig information.", "The letter seems to give you information.");
    }
    title("Overskriften er:", "Its heading");
    if (f_.purpose != "moede" && !f_.reply_by.text.empty()) {
      add("Svar senest " + date_da(f_.reply_by) + ".", "Reply by " + date_en(f_.reply_by) + ".");
    }
    if (f_.bisidder) {
      add("Du må gerne tage en bisidder med. Det er en person, der kan støtte dig.",
          "You may bring a bisidder: a person of your choice who comes along to support you.");
    }
    add("Brevet ser ikke ud til at være en afgørelse.", "It does not seem to be a decision.");
  }

  const Analysis& a_;
  const LetterFacts& f_;
  const std::optional<DeadlineResult>& dl_;
  std::vector<std::string> da_, en_;
};

}  // namespace

Summary summarise(const Analysis& analysis, const std::optional<DeadlineResult>& deadline) {
  return Writer(analysis, deadline).run();
}

}  // namespace bb::letter
