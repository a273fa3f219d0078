#include "domain/letter/analysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace bb::letter {
namespace {

// ------------------------------------------------------------------------------ fixtures --

// The three example letters from ../shared/letters, verbatim.
constexpr const char* kE01 = R"(Vesterby Kommune
Center for Handicap og Psykiatri

Dato: 6. maj 2024

Afgørelse om praktisk hjælp

Du har søgt om hjælp til indkøb og tøjvask. Vi har behandlet din ansøgning, og du får afslag.

Afgørelsen er truffet efter servicelovens § 83, stk. 1, nr. 2.

Vi har lagt vægt på, at du selv kan bestille varer på nettet og få dem leveret, og at du har en vaskemaskine i din bolig, som du kan betjene siddende. Det fremgår af vores besøg hos dig den 22. april 2024.

Du kan klage over afgørelsen. Klagen skal være modtaget hos os senest 4 uger efter, at du har modtaget afgørelsen. Vi vurderer sagen igen. Hvis vi fastholder afgørelsen, sender vi klagen videre til Ankestyrelsen.

Med venlig hilsen
Jonas Mølgaard
Visitator
)";

constexpr const char* kE02 = R"(Vesterby Kommune
Jobcenter, Sygedagpenge

12. februar 2025

Ophør af sygedagpenge

Vi stopper dine sygedagpenge fra den 1. marts 2025, fordi du har fået sygedagpenge i 22 uger inden for de seneste 9 måneder. Afgørelsen er truffet efter sygedagpengelovens § 24, stk. 1.

Vi har lagt vægt på, at ingen af forlængelsesreglerne i lovens § 27 passer på din situation. Din læge har oplyst, at du forventes at kunne arbejde igen om 6 måneder.

Med venlig hilsen
Jobcenter Vesterby
)";

constexpr const char* kE03 = R"(Vesterby Kommune
Børn og Familie

Invitation til netværksmøde

Kære Maria Jensen

Vi inviterer dig til et møde om din datter Sofies skolegang torsdag den 3. oktober 2024 kl. 13.00 på Rådhuset, mødelokale 4.

Til mødet kommer Sofies klasselærer, skolens AKT-lærer og din sagsbehandler. Du er velkommen til at tage en bisidder med.

Giv os gerne besked, hvis tidspunktet ikke passer.

Venlig hilsen
Hanne Ravn
Socialrådgiver
)";

// More letters of other kinds and areas.
constexpr const char* kHearing = R"(Vesterby Kommune
Jobcenter Vesterby

Partshøring – vi overvejer at stoppe din kontanthjælp

Vi overvejer at træffe afgørelse om at stoppe din kontanthjælp fra den 1. juni 2024, fordi du ikke er mødt op til tre samtaler i april.

Inden vi træffer afgørelse, har du mulighed for at komme med dine bemærkninger. Det følger af forvaltningslovens § 19.

Send dine bemærkninger senest den 21. maj 2024. Du kan skrive til os eller ringe på tlf. 70 12 34 56.

Med venlig hilsen
Jobcenter Vesterby
)";

constexpr const char* kFullGrant = R"(Vesterby Kommune

Bevilling af rollator

Du har søgt om en rollator. Vi har imødekommet din ansøgning, og du er bevilget det, du har søgt om.

Afgørelsen er truffet efter servicelovens § 112.

Rollatoren bliver leveret inden for 14 dage.
)";

constexpr const char* kBuilding = R"(Vesterby Kommune
Byg og Miljø

Afslag på byggetilladelse til carport

Vi giver dig afslag på byggetilladelse til en carport på Skovvej 12. Afgørelsen er truffet i medfør af byggelovens § 16, stk. 1.

Vi har lagt vægt på, at carporten vil ligge 1,2 meter fra skel.

Klagevejledning
Du kan klage over afgørelsen til Byggeklageenheden. Du skal klage via Klageportalen, som du finder på borger.dk. Klagefristen er 4 uger fra den dag, du har modtaget afgørelsen.
)";

constexpr const char* kSanction = R"(Jobcenter, Ydelser

Afgørelse om sanktion i din kontanthjælp

Vi har besluttet at trække dig i kontanthjælp for én dag, fordi du udeblev fra en samtale den 4. marts 2024. Afgørelsen er truffet efter lov om aktiv socialpolitik § 36, stk. 1, jf. § 13, stk. 7, nr. 1.

Du har haft mulighed for at udtale dig, men vi har ikke hørt fra dig.

Du kan klage over afgørelsen. Klagen skal være modtaget hos jobcentret senest 4 uger efter, at du har fået afgørelsen. Hvis vi fastholder afgørelsen, sender vi klagen videre til Ankestyrelsen.

Du har ret til at se sagens akter.
)";

constexpr const char* kAccess = R"(Børn og Familie

Afgørelse om aktindsigt

Du får delvis aktindsigt. Vi har undtaget to notater, jf. offentlighedslovens § 23, stk. 1, nr. 1, fordi de handler om andre børn.

Du kan klage over afgørelsen til Ankestyrelsen. Klagen sendes til os.
)";

constexpr const char* kBare = R"(Vesterby Kommune

Afgørelse om hjemmehjælp

Vi har besluttet, at du fremover får rengøring hver tredje uge i stedet for hver anden uge.
)";

constexpr const char* kReminder = R"(Borgerservice

Rykker: Vi mangler dokumentation

Vi har endnu ikke modtaget din lønseddel for marts 2024. Send lønsedlen senest den 15. maj 2024.
)";

constexpr const char* kRules = R"({"rules":[
 {"area":"social","title":"Sociale sager","body":"Ankestyrelsen","rule":"4w","counts_from":"modtagelsen","how":"Send klagen til kommunen.","fee":"","legal_basis":"retssikkerhedsloven § 66","note":""},
 {"area":"beskaeftigelse","title":"Beskæftigelse","body":"Ankestyrelsen","rule":"4w","counts_from":"modtagelsen","how":"Send klagen til kommunen.","fee":"","legal_basis":"retssikkerhedsloven § 66","note":""},
 {"area":"byg","title":"Byggesager","body":"Byggeklageenheden","rule":"4w","counts_from":"modtagelsen","how":"Klageportalen","fee":"900 kr.","legal_basis":"byggeloven § 25","note":""},
 {"area":"plan","title":"Plansager","body":"Planklagenævnet","rule":"4w","counts_from":"modtagelsen","how":"Klageportalen","fee":"900 kr.","legal_basis":"planloven § 60","note":""},
 {"area":"skat","title":"Skat","body":"Skatteankestyrelsen","rule":"3m","counts_from":"modtagelsen","how":"","fee":"","legal_basis":"skatteforvaltningsloven","note":""},
 {"area":"ombudsmand","title":"Ombudsmanden","body":"Folketingets Ombudsmand","rule":"12m","counts_from":"afgørelsen","how":"","fee":"","legal_basis":"ombudsmandsloven § 13","note":""},
 {"area":"aktindsigt","title":"Aktindsigt","body":"Den underliggende sags klageinstans","rule":"","counts_from":"","how":"","fee":"","legal_basis":"offentlighedsloven § 37","note":""}
]})";

constexpr const char* kGlossary = R"({"terms":[
 {"term":"hjemmel","forms":["hjemmel","hjemlen"],"da":"Reglen i loven.","en":"The legal basis."},
 {"term":"opsættende virkning","forms":["opsættende virkning"],"da":"Afgørelsen venter.","en":"Suspensive effect."},
 {"term":"afslag","forms":["Afslag","afslaget"],"da":"Et nej.","en":"A refusal."}
]})";

const DeadlineRules& rules() {
  static const DeadlineRules r = *DeadlineRules::parse_json(kRules);
  return r;
}

const Glossary& glossary() {
  static const Glossary g = *Glossary::parse_json(kGlossary);
  return g;
}

Analysis run(std::string_view text) {
  return analyse(text, glossary(), rules());
}

std::vector<std::string> missing_names(const Analysis& a) {
  std::vector<std::string> out;
  for (const auto& m : a.missing) out.push_back(m.element);
  return out;
}

std::vector<const Finding*> findings_of(const Analysis& a, std::string_view type) {
  std::vector<const Finding*> out;
  for (const auto& f : a.findings) {
    if (f.type == type) out.push_back(&f);
  }
  return out;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// --------------------------------------------------------------------------------- LIX --

TEST(LetterLix, WordsJoinAcrossOneMarkBetweenLettersOrDigits) {
  EXPECT_EQ(
      split_words("SU-lån 6.168 kr. 4,1 don't it’s f.eks. www.borger.dk"),
      (std::vector<std::string>{"SU-lån", "6.168", "kr", "4,1", "don't", "it’s", "f.eks", "www.borger.dk"}));
  // Two marks, or a mark followed by a space, separate words.
  EXPECT_EQ(split_words("a--b slut. Ny, ny -x"),
            (std::vector<std::string>{"a", "b", "slut", "Ny", "ny", "x"}));
  EXPECT_EQ(split_words("§§ 22-24 i Ærø, 1,2,3"), (std::vector<std::string>{"22-24", "i", "Ærø", "1,2,3"}));
}

TEST(LetterLix, LongWordsHaveMoreThanSixLettersDigitsDoNotCount) {
  // skrive: 6 letters (not long); skriver: 7; 12345678: digits only; SU-lånene: 8 letters; Æbleøer: 7.
  const TextStats st = readability("skrive skriver 12345678 SU-lånene Æbleøer ab12345");
  EXPECT_EQ(st.words, 6);
  EXPECT_EQ(st.long_words, 3);
  EXPECT_EQ(st.sentences, 1);
  EXPECT_DOUBLE_EQ(st.lix, 56.0);  // 6/1 + 100*3/6
  EXPECT_EQ(st.band, "meget svær");
}

TEST(LetterLix, DotAfterNumberDoesNotEndSentence) {
  EXPECT_EQ(split_sentences("Den 1. januar 2025 starter vi. Så slutter vi."),
            (std::vector<std::string>{"Den 1. januar 2025 starter vi.", "Så slutter vi."}));
  // Also when a capital letter follows (the rule is literal): one sentence.
  EXPECT_EQ(readability("Det var i 2024. Nu er det godt.").sentences, 1);
}

TEST(LetterLix, AbbreviationsDoNotEndSentenceUnlessLastOnLine) {
  EXPECT_EQ(readability("Du kan f.eks. ringe kl. 10 eller skrive, jf. brevet. Tak for nu.").sentences, 2);
  EXPECT_EQ(readability("Vi ringer KL. 10 og Ca. kvart over. Bl.a. om dig.").sentences, 2);
  EXPECT_EQ(readability("Det koster 500 kr. Beløbet trækkes.").sentences, 1);
  EXPECT_EQ(readability("Det koster 500 kr.\nBeløbet trækkes.").sentences, 2);
  EXPECT_EQ(readability("Det gælder stk. 1 og pkt. 2 mv. samt evt. andet.").sentences, 1);
  // An unknown word before the dot ends the sentence.
  EXPECT_EQ(readability("Vi har modtaget bilag. Tak.").sentences, 2);
}

TEST(LetterLix, LinesWithoutMarkEndSentencesEmptyLinesDoNot) {
  EXPECT_EQ(split_sentences(
                "Vesterby Kommune\nCenter for Handicap\n\n\n   \n-----\nAfgørelse om hjælp\n\nDu får hjælp."),
            (std::vector<std::string>{"Vesterby Kommune", "Center for Handicap", "Afgørelse om hjælp",
                                      "Du får hjælp."}));
  // Windows line ends count the same.
  EXPECT_EQ(readability("Vesterby Kommune\r\n\r\nDu får hjælp.\r\n").sentences, 2);
}

TEST(LetterLix, ColonQuestionAndExclamationEndSentences) {
  EXPECT_EQ(split_sentences("Dato: 6. maj 2024"), (std::vector<std::string>{"Dato:", "6. maj 2024"}));
  EXPECT_EQ(readability("Mødet er kl. 13:00 i dag").sentences, 1);  // ':' not followed by space
  EXPECT_EQ(readability("Kan du komme? Ja! Godt.").sentences, 3);
  EXPECT_EQ(readability("Hej.Du").sentences, 1);  // one word: the dot joins
}

TEST(LetterLix, E01MatchesTheWorkedExample) {
  const TextStats st = readability(kE01);
  EXPECT_EQ(st.words, 125);
  EXPECT_EQ(st.long_words, 28);
  EXPECT_EQ(st.sentences, 17);
  EXPECT_DOUBLE_EQ(st.lix, 29.8);
  EXPECT_EQ(st.band, "let");
  EXPECT_DOUBLE_EQ(run(kE01).stats.lix, 29.8);
}

TEST(LetterLix, BandsAtTheirBoundaries) {
  EXPECT_EQ(lix_band(0), "meget let");
  EXPECT_EQ(lix_band(24), "meget let");
  EXPECT_EQ(lix_band(24.4), "meget let");
  EXPECT_EQ(lix_band(25), "let");
  EXPECT_EQ(lix_band(34), "let");
  EXPECT_EQ(lix_band(34.9), "let");
  EXPECT_EQ(lix_band(35), "middel");
  EXPECT_EQ(lix_band(44), "middel");
  EXPECT_EQ(lix_band(45), "svær");
  EXPECT_EQ(lix_band(54), "svær");
  EXPECT_EQ(lix_band(55), "meget svær");
  EXPECT_EQ(lix_band(80), "meget svær");
}

TEST(LetterLix, RoundsToOneDecimalAndHandlesEmptyText) {
  // 3 words, 1 sentence, 1 long: 3 + 33.33… = 36.333… → 36.3
  EXPECT_DOUBLE_EQ(readability("Du får hjemmehjælp.").lix, 36.3);
  const TextStats empty = readability("  \n\n ");
  EXPECT_EQ(empty.words, 0);
  EXPECT_EQ(empty.sentences, 0);
  EXPECT_DOUBLE_EQ(empty.lix, 0);
  EXPECT_EQ(empty.band, "meget let");
}

// ------------------------------------------------------------------------------- kinds --

TEST(LetterKind, DecisionHearingAndOther) {
  EXPECT_EQ(run(kE01).kind, Kind::kAfgoerelse);
  EXPECT_EQ(run(kE02).kind, Kind::kAfgoerelse);
  EXPECT_EQ(run(kE03).kind, Kind::kAndet);
  EXPECT_EQ(run(kHearing).kind, Kind::kPartshoering);
  EXPECT_EQ(run(kReminder).kind, Kind::kAndet);
  EXPECT_EQ(run(kFullGrant).kind, Kind::kAfgoerelse);
  EXPECT_STREQ(kind_code(Kind::kAfgoerelse), "afgoerelse");
  EXPECT_STREQ(kind_code(Kind::kPartshoering), "partshoering");
  EXPECT_STREQ(kind_code(Kind::kAndet), "andet");
}

TEST(LetterKind, KindIsExplainedBySentences) {
  const Analysis a = run(kE01);
  ASSERT_FALSE(a.kind_evidence.empty());
  EXPECT_EQ(a.kind_evidence[0], "Afgørelse om praktisk hjælp");
  EXPECT_NE(std::find(a.kind_evidence.begin(), a.kind_evidence.end(),
                      "Vi har behandlet din ansøgning, og du får afslag."),
            a.kind_evidence.end());
  EXPECT_TRUE(run(kE03).kind_evidence.empty());
}

TEST(LetterKind, ConditionsAndAcknowledgementsAreNotDecisions) {
  EXPECT_EQ(run("Hvis du ikke sender lønsedlen, kan det betyde, at vi stopper din hjælp.").kind,
            Kind::kAndet);
  EXPECT_EQ(run("Vi har modtaget din klage over afgørelsen. Vi svarer dig inden 4 uger.").kind, Kind::kAndet);
  EXPECT_EQ(run("Vi har besluttet, at du får hjælp til rengøring.").kind, Kind::kAfgoerelse);
}

// ---------------------------------------------------------------------------- elements --

TEST(LetterElements, E01HasAllDecisionElements) {
  const Analysis a = run(kE01);
  EXPECT_TRUE(a.elements.at("hjemmel"));
  EXPECT_TRUE(a.elements.at("begrundelse"));
  EXPECT_TRUE(a.elements.at("klagevejledning"));
  EXPECT_TRUE(a.elements.at("klagefrist"));
  EXPECT_FALSE(a.elements.at("partshoering"));
  EXPECT_FALSE(a.elements.at("aktindsigt"));
  EXPECT_EQ(a.elements.size(), std::size(kElements));
  EXPECT_EQ(a.evidence.at("hjemmel"),
            (std::vector<std::string>{"Afgørelsen er truffet efter servicelovens § 83, stk. 1, nr. 2."}));
  EXPECT_EQ(a.evidence.at("klagefrist"),
            (std::vector<std::string>{
                "Klagen skal være modtaget hos os senest 4 uger efter, at du har modtaget afgørelsen."}));
  EXPECT_EQ(a.stated_deadline, "4 uger");
  EXPECT_EQ(a.body, "Ankestyrelsen");
  EXPECT_EQ(a.deadline_area, "social");
  EXPECT_TRUE(a.missing.empty());
  EXPECT_FALSE(a.full_grant);
}

TEST(LetterElements, E02LacksComplaintGuidance) {
  const Analysis a = run(kE02);
  EXPECT_TRUE(a.elements.at("hjemmel"));
  EXPECT_TRUE(a.elements.at("begrundelse"));
  EXPECT_FALSE(a.elements.at("klagevejledning"));
  EXPECT_FALSE(a.elements.at("klagefrist"));  // "22 uger inden for …" is not about complaining
  EXPECT_EQ(a.body, "");
  EXPECT_EQ(a.deadline_area, "");
  EXPECT_EQ(missing_names(a), (std::vector<std::string>{"klagevejledning"}));
}

TEST(LetterElements, E03HasNone) {
  const Analysis a = run(kE03);
  for (const char* e : kElements) EXPECT_FALSE(a.elements.at(e)) << e;
  EXPECT_EQ(a.body, "");
  EXPECT_TRUE(a.missing.empty());
}

TEST(LetterElements, HjemmelNeedsAReferenceOutsideComplaintGuidance) {
  const std::string head = "Afgørelse om hjælp\n\nDu får afslag på hjælp. ";
  EXPECT_TRUE(
      run(head + "Afgørelsen er truffet i medfør af lov om social service § 83.").elements.at("hjemmel"));
  EXPECT_TRUE(run(head + "Det følger af aktivlovens § 34.").elements.at("hjemmel"));
  EXPECT_FALSE(run(head + "Afgørelsen er truffet efter reglerne.").elements.at("hjemmel"));
  EXPECT_FALSE(run(head + "Du kan klage efter retssikkerhedslovens § 66.").elements.at("hjemmel"));
  EXPECT_FALSE(run(head + "Du har ret til aktindsigt efter forvaltningslovens § 9.").elements.at("hjemmel"));
}

TEST(LetterElements, Begrundelse) {
  const std::string head = "Afgørelse om hjælp\n\nDu får afslag på hjælp. ";
  EXPECT_TRUE(run(head + "Vi har lagt vægt på, at du kan selv.").elements.at("begrundelse"));
  EXPECT_TRUE(run(head + "Det er, fordi du kan selv.").elements.at("begrundelse"));
  EXPECT_TRUE(run(head + "Begrundelsen er, at du kan selv.").elements.at("begrundelse"));
  EXPECT_FALSE(run(head + "Venlig hilsen Kommunen.").elements.at("begrundelse"));
  // Only in decisions and hearings: in an invitation "fordi" is not a statement of reasons.
  EXPECT_FALSE(run("Vi inviterer dig til et møde, fordi vi vil tale med dig.").elements.at("begrundelse"));
}

TEST(LetterElements, KlagevejledningAndKlagefrist) {
  const Analysis a = run("Hvis du vil klage, skal du skrive til os. Klagefristen er tre måneder.");
  EXPECT_TRUE(a.elements.at("klagevejledning"));
  EXPECT_TRUE(a.elements.at("klagefrist"));
  EXPECT_EQ(a.stated_deadline, "tre måneder");
  const Analysis b =
      run("Du kan klage til Ankestyrelsen. Klagen skal være modtaget senest den 3. juni 2024.");
  EXPECT_TRUE(b.elements.at("klagefrist"));
  EXPECT_EQ(b.stated_deadline, "3. juni 2024");
  const Analysis c = run("Du kan klage. Send klagen inden for 4 ugers frist.");
  EXPECT_EQ(c.stated_deadline, "4 uger");
  const Analysis d = run("Vi har behandlet din sag inden for 4 uger.");
  EXPECT_FALSE(d.elements.at("klagevejledning"));
  EXPECT_FALSE(d.elements.at("klagefrist"));
  EXPECT_EQ(d.stated_deadline, "");
}

TEST(LetterElements, PartshoeringAndAktindsigt) {
  const Analysis a = run(kSanction);
  EXPECT_TRUE(a.elements.at("partshoering"));
  EXPECT_EQ(
      a.evidence.at("partshoering"),
      (std::vector<std::string>{"Du har haft mulighed for at udtale dig, men vi har ikke hørt fra dig."}));
  EXPECT_TRUE(a.elements.at("aktindsigt"));
  EXPECT_EQ(a.evidence.at("aktindsigt"), (std::vector<std::string>{"Du har ret til at se sagens akter."}));
  const Analysis b = run(kE01);
  EXPECT_FALSE(b.elements.at("partshoering"));
  EXPECT_FALSE(b.elements.at("aktindsigt"));
  EXPECT_TRUE(run("Du kan bede om aktindsigt i din sag.").elements.at("aktindsigt"));
}

TEST(LetterElements, WarningsAndNeighbourHearingsArePartshoering) {
  EXPECT_TRUE(run("Vi sendte et varsel om påbuddet den 2. november. Du har ikke haft bemærkninger.")
                  .elements.at("partshoering"));
  EXPECT_TRUE(run("Der har været naboorientering fra 1. til 15. oktober.").elements.at("partshoering"));
  EXPECT_FALSE(run("Vi har modtaget din ansøgning.").elements.at("partshoering"));
}

TEST(LetterElements, HearingsNeedStrongReasons) {
  const std::string head =
      "Partshøring\n\nInden vi træffer afgørelse, har du mulighed for at komme med bemærkninger. ";
  EXPECT_FALSE(run(head + "Du får derfor dette brev.").elements.at("begrundelse"));
  EXPECT_TRUE(run(head + "Vi lægger vægt på, at du har fået en bil.").elements.at("begrundelse"));
  // In a decision, "derfor" after the facts does show reasons.
  EXPECT_TRUE(run("Afgørelse om hjælp\n\nDu har en bil. Du får derfor afslag.").elements.at("begrundelse"));
}

TEST(LetterElements, ComplaintGuidanceRunsOnToTheBody) {
  const Analysis a = run(
      "Afgørelse om hjælp\n\nDu får afslag, fordi du kan selv. Du kan klage over afgørelsen.\n\n"
      "til Jobcenter Vesterby.\n\nVi vurderer afgørelsen igen, når vi har modtaget din klage. Hvis vi ikke "
      "giver dig medhold, sender vi sagen til Ankestyrelsen.");
  EXPECT_EQ(a.body, "Ankestyrelsen");
  EXPECT_EQ(a.facts.complaint_how, (std::vector<std::string>{"via_kommunen"}));
}

TEST(LetterElements, ComplaintBodyIsTheOneNamedInTheGuidance) {
  EXPECT_EQ(run(kBuilding).body, "Byggeklageenheden");
  EXPECT_EQ(run("Du kan klage til Skatteankestyrelsen inden 3 måneder.").body, "Skatteankestyrelsen");
  EXPECT_EQ(run("Du kan klage til Planklagenævnet.").body, "Planklagenævnet");
  EXPECT_EQ(run("Du kan klage til Ankestyrelsen. Du kan også klage til Folketingets Ombudsmand.").body,
            "Ankestyrelsen");
  EXPECT_EQ(run("Du kan klage til Folketingets Ombudsmand.").body, "Folketingets Ombudsmand");
  // Named, but not as the complaint body.
  EXPECT_EQ(run("Vi har fulgt Ankestyrelsens principmeddelelse 12-19.").body, "");
}

TEST(LetterElements, DeadlineAreaFromBodyAndLaw) {
  EXPECT_EQ(run(kE01).deadline_area, "social");
  EXPECT_EQ(run(kSanction).deadline_area, "beskaeftigelse");
  EXPECT_EQ(run(kBuilding).deadline_area, "byg");
  EXPECT_EQ(run(kAccess).deadline_area, "aktindsigt");
  EXPECT_EQ(
      run("Afgørelse om sygedagpenge\n\nDu får afslag. Afgørelsen er truffet efter sygedagpengelovens § 7. "
          "Du kan klage til Ankestyrelsen.")
          .deadline_area,
      "beskaeftigelse");
  // Aktivloven kapitel 10 (enkeltydelser) is a social matter.
  EXPECT_EQ(run("Afgørelse om enkeltydelse\n\nDu får afslag efter aktivlovens § 81. Du kan klage til "
                "Ankestyrelsen.")
                .deadline_area,
            "social");
  // No body named: the law decides, but only when the letter has complaint guidance.
  EXPECT_EQ(run("Afgørelse om byggeri\n\nDu får afslag efter byggelovens § 16. Du kan klage inden 4 uger.")
                .deadline_area,
            "byg");
  EXPECT_EQ(run("Du kan klage til Skatteankestyrelsen.").deadline_area, "skat");
}

TEST(LetterElements, WrappedLinesAreOneSentenceForEvidenceButNotForLix) {
  const char* wrapped =
      "Afgørelse om hjælpemiddel\n"
      "Vi har behandlet din ansøgning om en el-scooter. Vi må desværre give\n"
      "dig afslag, fordi du kan klare dig med din rollator. Afgørelsen er truffet\n"
      "efter servicelovens § 112, stk. 1. Du kan klage over afgørelsen. Klagen skal være modtaget senest\n"
      "4 uger efter, at du har modtaget denne afgørelse.\n";
  const Analysis a = run(wrapped);
  EXPECT_EQ(a.facts.decision, "Vi må desværre give dig afslag, fordi du kan klare dig med din rollator.");
  EXPECT_EQ(a.evidence.at("hjemmel"),
            (std::vector<std::string>{"Afgørelsen er truffet efter servicelovens § 112, stk. 1."}));
  EXPECT_EQ(a.stated_deadline, "4 uger");
  EXPECT_TRUE(a.missing.empty());
  // LIX keeps the literal rules: every line ends a sentence, and "stk. 1. Du" is one.
  EXPECT_EQ(a.stats.sentences, 8);
}

TEST(LetterElements, OutcomeOfTheDecision) {
  EXPECT_EQ(run(kE01).facts.outcome, "afslag");
  EXPECT_EQ(run(kE02).facts.outcome, "ophoer");
  EXPECT_EQ(run(kAccess).facts.outcome, "delvis");
  EXPECT_EQ(run(kSanction).facts.outcome, "nedsaettelse");
  EXPECT_EQ(run(kFullGrant).facts.outcome, "bevilling");
  const Analysis both =
      run("Afgørelse om merudgifter\n\nDu får dækket merudgifter på 850 kr. om måneden. "
          "Du får ikke dækket udgifter til taxa.");
  EXPECT_EQ(both.facts.decision, "Du får dækket merudgifter på 850 kr. om måneden.");
  EXPECT_EQ(both.facts.outcome, "delvis");
  EXPECT_EQ(run("Påbud\n\nVi påbyder dig at rense tanken. Det sker efter miljøbeskyttelseslovens § 42.")
                .facts.outcome,
            "paabud");
  EXPECT_EQ(run(kE03).facts.outcome, "");
}

// -------------------------------------------------------------------------- references --

TEST(LetterReferences, Normalised) {
  struct Case {
    const char* text;
    const char* law;
    const char* paragraph;
    const char* stk;
    const char* nr;
  };
  const Case cases[] = {
      {"efter servicelovens § 100, stk. 1.", "serviceloven", "100", "1", ""},
      {"efter § 83 i serviceloven.", "serviceloven", "83", "", ""},
      {"jf. lov om aktiv socialpolitik § 11, stk. 2, nr. 3.", "lov om aktiv socialpolitik", "11", "2", "3"},
      {"jf. forvaltningslovens §§ 22-24.", "forvaltningsloven", "22-24", "", ""},
      {"jf. forvaltningslovens §§ 22–24.", "forvaltningsloven", "22-24", "", ""},
      {"efter lov om social service § 83.", "serviceloven", "83", "", ""},
      {"efter aktivlovens § 34.", "aktivloven", "34", "", ""},
      {"efter barnets lov § 47.", "barnets lov", "47", "", ""},
      {"efter § 65 e i kommunestyrelsesloven.", "kommunestyrelsesloven", "65 e", "", ""},
      {"efter boligstøttelovens § 42a.", "boligstøtteloven", "42a", "", ""},
      {"efter § 3, stk. 2, i lov om retssikkerhed og administration på det sociale område.",
       "retssikkerhedsloven", "3", "2", ""},
      {"efter SERVICELOVENS § 85.", "serviceloven", "85", "", ""},
  };
  for (const auto& c : cases) {
    const Analysis a = run(c.text);
    ASSERT_EQ(a.references.size(), 1u) << c.text;
    const LegalReference& r = a.references[0];
    EXPECT_EQ(r.law, c.law) << c.text;
    EXPECT_EQ(r.paragraph, c.paragraph) << c.text;
    EXPECT_EQ(r.stk, c.stk) << c.text;
    EXPECT_EQ(r.nr, c.nr) << c.text;
  }
}

TEST(LetterReferences, TextBackReferencesListsAndDeduplication) {
  const Analysis e02 = run(kE02);
  ASSERT_EQ(e02.references.size(), 2u);
  EXPECT_EQ(e02.references[0].text, "sygedagpengelovens § 24, stk. 1");
  EXPECT_EQ(e02.references[1].law, "sygedagpengeloven");  // "lovens § 27" refers back
  EXPECT_EQ(e02.references[1].paragraph, "27");

  const Analysis s = run(kSanction);
  ASSERT_EQ(s.references.size(), 2u);
  EXPECT_EQ(s.references[1].law, "lov om aktiv socialpolitik");  // "jf. § 13" continues it
  EXPECT_EQ(s.references[1].paragraph, "13");
  EXPECT_EQ(s.references[1].nr, "1");

  const Analysis list =
      run("Se forvaltningslovens §§ 19 og 20. Se også servicelovens § 83 og servicelovens § 83.");
  ASSERT_EQ(list.references.size(), 3u);
  EXPECT_EQ(list.references[0].paragraph, "19");
  EXPECT_EQ(list.references[1].paragraph, "20");
  EXPECT_EQ(list.references[1].law, "forvaltningsloven");
  EXPECT_EQ(list.references[2].law, "serviceloven");

  // OCR reads "§" as "&": accepted right after a law's name.
  const Analysis ocr = run("Afgørelsen er truffet efter aktivlovens & 11, stk. 2. Prisen er 5 & 6.");
  ASSERT_EQ(ocr.references.size(), 1u);
  EXPECT_EQ(ocr.references[0].law, "aktivloven");
  EXPECT_EQ(ocr.references[0].paragraph, "11");
  EXPECT_EQ(ocr.references[0].stk, "2");

  // A law named without a paragraph is a reference too; a bare "§" keeps an empty law.
  const Analysis bare = run("Vi har fulgt reglerne i offentlighedsloven. Se § 7.");
  ASSERT_EQ(bare.references.size(), 2u);
  EXPECT_EQ(bare.references[0].law, "");
  EXPECT_EQ(bare.references[0].paragraph, "7");
  EXPECT_EQ(bare.references[1].law, "offentlighedsloven");
  EXPECT_EQ(bare.references[1].paragraph, "");
}

// --------------------------------------------------------------------- full grant, missing --

TEST(LetterMissing, FullGrantNeedsNoReasonsOrGuidance) {
  const Analysis a = run(kFullGrant);
  EXPECT_TRUE(a.full_grant);
  EXPECT_FALSE(a.elements.at("klagevejledning"));
  EXPECT_TRUE(a.missing.empty());
  const Summary s = summarise(a, std::nullopt);
  EXPECT_TRUE(contains(s.da, "forvaltningslovens § 22 og § 25")) << s.da;
  EXPECT_TRUE(contains(s.en, "fully grants")) << s.en;
  // Granted "as applied for", in other words.
  const Analysis b =
      run("Afgørelse om hjælpemidler\n\nDu får bevilget begge hjælpemidler, som du har søgt om. "
          "Bevillingen er givet efter servicelovens § 112. Ankestyrelsen kan afvise en klage, der "
          "kommer for sent.");
  EXPECT_TRUE(b.full_grant);
  EXPECT_TRUE(b.missing.empty());
  // A partial grant is not a full grant.
  const Analysis partial =
      run("Afgørelse om hjælp\n\nVi har imødekommet din ansøgning delvist. Du får ikke hjælp til indkøb.");
  EXPECT_FALSE(partial.full_grant);
  EXPECT_EQ(missing_names(partial), (std::vector<std::string>{"hjemmel", "begrundelse", "klagevejledning"}));
}

TEST(LetterMissing, OrderAndContent) {
  const Analysis a = run(kBare);
  ASSERT_EQ(missing_names(a), (std::vector<std::string>{"hjemmel", "begrundelse", "klagevejledning"}));
  EXPECT_TRUE(contains(a.missing[0].why, "forvaltningslovens § 24"));
  EXPECT_TRUE(contains(a.missing[1].why, "§ 22"));
  EXPECT_TRUE(contains(a.missing[2].why, "§ 25"));
  for (const auto& m : a.missing) {
    EXPECT_EQ(m.why.find('\n'), std::string::npos);
    EXPECT_TRUE(contains(m.why_en, "section")) << m.why_en;
  }
  // Guidance without a deadline: klagefrist is missing, after hjemmel.
  const Analysis b = run(
      "Afgørelse om hjælp\n\nDu får afslag, fordi du kan selv. Hvis du vil klage, skal du skrive til os.");
  EXPECT_EQ(missing_names(b), (std::vector<std::string>{"hjemmel", "klagefrist"}));
  EXPECT_TRUE(contains(b.missing[1].why, "§ 25"));
  // Not a decision: nothing is required.
  EXPECT_TRUE(run(kHearing).missing.empty());
}

// ---------------------------------------------------------------------------- findings --

TEST(LetterFindings, LongSentencesOverTwentyFiveWords) {
  const std::string w25 =
      "ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord.";
  EXPECT_TRUE(findings_of(run(w25), "long_sentence").empty());
  const Analysis a = run("ord " + w25);
  const auto f = findings_of(a, "long_sentence");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]->text, "ord " + w25);
  EXPECT_TRUE(contains(f[0]->explanation, "26 ord"));
  EXPECT_TRUE(contains(f[0]->explanation_en, "26 words"));
  const Analysis b = run(kE01);
  const auto e01 = findings_of(b, "long_sentence");
  ASSERT_EQ(e01.size(), 1u);
  EXPECT_TRUE(e01[0]->text.starts_with("Vi har lagt vægt på"));
}

TEST(LetterFindings, PassiveConstructions) {
  struct Case {
    const char* text;
    const char* verb;  // "" when not passive
  };
  const Case cases[] = {
      {"Ansøgningen skal indsendes senest fredag.", "indsendes"},
      {"Hjælpen bevilges for et år.", "bevilges"},
      {"Din ansøgning afslås.", "afslås"},
      {"Afgørelsen træffes af visitationen.", "træffes"},
      {"Din sag er blevet vurderet.", "blevet vurderet"},
      {"Sagen bliver behandlet i næste uge.", "bliver behandlet"},
      {"Klagen blev desværre afvist.", "blev desværre afvist"},
      {"Du skal ikke underrettes igen.", "underrettes"},
      {"Vi behandler din sag.", ""},
      {"Det synes vi er fint.", ""},
      {"Vesterby Kommunes borgerservice svarer.", ""},
      {"Det bliver svært for dig.", ""},
      {"Du kan se brevet.", ""},
  };
  for (const auto& c : cases) {
    const Analysis a = run(c.text);
    const auto f = findings_of(a, "passive");
    if (std::string(c.verb).empty()) {
      EXPECT_TRUE(f.empty()) << c.text;
      continue;
    }
    ASSERT_EQ(f.size(), 1u) << c.text;
    EXPECT_EQ(f[0]->text, c.text);
    EXPECT_TRUE(contains(f[0]->explanation, std::string("\"") + c.verb + "\"")) << f[0]->explanation;
    EXPECT_TRUE(contains(f[0]->explanation_en, "passive")) << f[0]->explanation_en;
  }
  // e02: "du forventes at kunne arbejde".
  const Analysis b = run(kE02);
  const auto e02 = findings_of(b, "passive");
  ASSERT_EQ(e02.size(), 1u);
  EXPECT_TRUE(contains(e02[0]->explanation, "\"forventes\""));
}

TEST(LetterFindings, GlossaryTermsOncePerTermWithExplanations) {
  const Analysis a =
      run("Hjemlen er uklar. Hjemlen er stadig uklar. Klagen har ikke opsættende\nvirkning. Dit AFSLAG.");
  const auto f = findings_of(a, "term");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0]->term, "hjemmel");
  EXPECT_EQ(f[0]->text, "Hjemlen");
  EXPECT_EQ(f[0]->explanation, "Reglen i loven.");
  EXPECT_EQ(f[0]->explanation_en, "The legal basis.");
  EXPECT_EQ(f[1]->term, "opsættende virkning");  // across a line break
  EXPECT_EQ(f[2]->term, "afslag");               // forms are lower-cased when parsed
  // Whole words only.
  EXPECT_TRUE(findings_of(run("Hjemmelsgrundlaget og afslagene."), "term").empty());
}

// ---------------------------------------------------------------------------- glossary --

TEST(LetterGlossary, ParseErrorsNameTheField) {
  auto not_json = Glossary::parse_json("{terms:");
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(not_json.error().message, "glossary.not_json");

  auto no_terms = Glossary::parse_json(R"({"words":[]})");
  ASSERT_FALSE(no_terms);
  EXPECT_EQ(no_terms.error().fields.count("terms"), 1u);

  auto empty = Glossary::parse_json(R"({"terms":[]})");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().fields.at("terms"), "field.required");

  auto missing_da = Glossary::parse_json(R"({"terms":[{"term":"a","en":"b"},{"term":"c","da":"d","en":5}]})");
  ASSERT_FALSE(missing_da);
  EXPECT_EQ(missing_da.error().fields.at("terms[0].da"), "field.required");
  EXPECT_EQ(missing_da.error().fields.at("terms[1].en"), "field.required");

  auto dup = Glossary::parse_json(
      R"({"terms":[{"term":"Frist","da":"a","en":"b"},{"term":"frist","da":"a","en":"b"}]})");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().fields.at("terms[1].term"), "glossary.duplicate_term");

  auto bad_forms = Glossary::parse_json(R"({"terms":[{"term":"a","forms":"a","da":"a","en":"b"}]})");
  ASSERT_FALSE(bad_forms);
  EXPECT_EQ(bad_forms.error().fields.at("terms[0].forms"), "field.expected_list");

  auto not_object = Glossary::parse_json(R"({"terms":["a"]})");
  ASSERT_FALSE(not_object);
  EXPECT_EQ(not_object.error().fields.at("terms[0]"), "field.expected_object");
}

TEST(LetterGlossary, FormsDefaultToTheTerm) {
  auto g = Glossary::parse_json(R"({"terms":[{"term":"Ankestyrelsen","da":"a","en":"b"}]})");
  ASSERT_TRUE(g);
  ASSERT_EQ(g->terms().size(), 1u);
  EXPECT_EQ(g->terms()[0].forms, (std::vector<std::string>{"ankestyrelsen"}));
}

// The shipped data/glossary.json, found from this source file or the working directory.
std::string shipped_glossary() {
  std::vector<std::filesystem::path> tries;
  const std::filesystem::path self(__FILE__);
  if (self.is_absolute()) tries.push_back(self.parent_path().parent_path().parent_path().parent_path());
  for (auto dir = std::filesystem::current_path(); !dir.empty(); dir = dir.parent_path()) {
    tries.push_back(dir);
    if (dir == dir.parent_path()) break;
  }
  for (const auto& root : tries) {
    std::ifstream in(root / "data" / "glossary.json");
    if (in) {
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    }
  }
  return "";
}

TEST(LetterGlossary, ShippedGlossaryHasTheRequiredTerms) {
  const std::string text = shipped_glossary();
  ASSERT_FALSE(text.empty()) << "data/glossary.json not found";
  auto g = Glossary::parse_json(text);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_GE(g->terms().size(), 80u);
  for (const char* required :
       {"hjemmel", "partshøring", "genvurdering", "bevilling", "revurdering", "merudgifter", "modregning",
        "aktindsigt", "klagevejledning", "opsættende virkning"}) {
    const bool found = std::any_of(g->terms().begin(), g->terms().end(),
                                   [&](const GlossaryTerm& t) { return t.term == required; });
    EXPECT_TRUE(found) << required;
  }
  // Plain Danish: legal terms are long words, so single texts may score high, but not too high.
  double sum = 0;
  for (const auto& t : g->terms()) {
    EXPECT_FALSE(t.forms.empty()) << t.term;
    const double lix = readability(t.da).lix;
    sum += lix;
    EXPECT_LT(lix, 60) << t.term << ": " << t.da;
  }
  EXPECT_LT(sum / static_cast<double>(g->terms().size()), 45);
  // e01 with the shipped glossary explains "afgørelse" and "Ankestyrelsen".
  const Analysis a = analyse(kE01, *g, rules());
  std::vector<std::string> terms;
  for (const auto* f : findings_of(a, "term")) terms.push_back(f->term);
  EXPECT_NE(std::find(terms.begin(), terms.end(), "afgørelse"), terms.end());
  EXPECT_NE(std::find(terms.begin(), terms.end(), "Ankestyrelsen"), terms.end());
}

// ----------------------------------------------------------------------------- summary --

TEST(LetterSummary, DecisionWithDeadline) {
  const Analysis a = run(kE01);
  DeadlineResult dl;
  dl.rule = *rules().find("social");
  dl.received = Date(2024, 5, 6);
  dl.deadline = Date(2024, 6, 3);
  const Summary s = summarise(a, dl);
  EXPECT_TRUE(contains(s.da, "afgørelse")) << s.da;
  EXPECT_TRUE(contains(s.da, "\"Vi har behandlet din ansøgning, og du får afslag.\"")) << s.da;
  EXPECT_TRUE(contains(s.da, "Du kan klage")) << s.da;
  EXPECT_TRUE(contains(s.da, "Ankestyrelsen")) << s.da;
  EXPECT_TRUE(contains(s.da, "Send klagen til kommunen")) << s.da;
  EXPECT_TRUE(contains(s.da, "mandag den 3. juni 2024")) << s.da;
  EXPECT_TRUE(contains(s.da, "regnes fra den dag, du fik brevet")) << s.da;
  EXPECT_TRUE(contains(s.en, "refused")) << s.en;
  EXPECT_TRUE(contains(s.en, "Monday 3 June 2024")) << s.en;
  EXPECT_TRUE(contains(s.en, "National Social Appeals Board")) << s.en;
  EXPECT_FALSE(contains(s.da, "mangler")) << s.da;
}

TEST(LetterSummary, DecisionWithoutDeadlineUsesWhatTheLetterSays) {
  const Summary s = summarise(run(kE01), std::nullopt);
  EXPECT_TRUE(contains(s.da, "fristen er 4 uger")) << s.da;
  EXPECT_TRUE(contains(s.en, "4 weeks")) << s.en;
}

TEST(LetterSummary, MissingElementsAreExplained) {
  const Summary s = summarise(run(kE02), std::nullopt);
  EXPECT_TRUE(contains(s.da, "Brevet siger ikke, om du kan klage")) << s.da;
  EXPECT_TRUE(contains(s.da, "forvaltningslovens § 25")) << s.da;
  EXPECT_TRUE(contains(s.da, "stopper")) << s.da;
  EXPECT_TRUE(contains(s.en, "missing")) << s.en;
}

TEST(LetterSummary, HearingAndInvitation) {
  const Summary h = summarise(run(kHearing), std::nullopt);
  EXPECT_TRUE(contains(h.da, "partshøring")) << h.da;
  EXPECT_TRUE(contains(h.da, "Vi overvejer at træffe afgørelse om at stoppe din kontanthjælp")) << h.da;
  EXPECT_TRUE(contains(h.da, "tirsdag den 21. maj 2024")) << h.da;
  EXPECT_TRUE(contains(h.en, "Tuesday 21 May 2024")) << h.en;
  EXPECT_TRUE(contains(h.en, "cannot complain now")) << h.en;

  const Analysis e03 = run(kE03);
  EXPECT_EQ(e03.facts.purpose, "moede");
  EXPECT_EQ(e03.facts.when.text, "torsdag den 3. oktober 2024 kl. 13.00");
  EXPECT_EQ(e03.facts.where, "Rådhuset, mødelokale 4");
  EXPECT_TRUE(e03.facts.bisidder);
  const Summary m = summarise(e03, std::nullopt);
  EXPECT_TRUE(contains(m.da, "invitation til et møde")) << m.da;
  EXPECT_TRUE(contains(m.da, "torsdag den 3. oktober 2024 kl. 13.00")) << m.da;
  EXPECT_TRUE(contains(m.da, "Rådhuset, mødelokale 4")) << m.da;
  EXPECT_TRUE(contains(m.da, "bisidder")) << m.da;
  EXPECT_TRUE(contains(m.en, "Thursday 3 October 2024 at 13.00")) << m.en;

  const Summary r = summarise(run(kReminder), std::nullopt);
  EXPECT_TRUE(contains(r.da, "rykker")) << r.da;
  EXPECT_TRUE(contains(r.da, "onsdag den 15. maj 2024")) << r.da;
}

TEST(LetterSummary, PlainDanishForEveryFixture) {
  for (const char* letter :
       {kE01, kE02, kE03, kHearing, kFullGrant, kBuilding, kSanction, kAccess, kBare, kReminder}) {
    const Summary s = summarise(run(letter), std::nullopt);
    EXPECT_LT(readability(s.da).lix, 35) << s.da;
    EXPECT_FALSE(s.en.empty());
  }
}

// -------------------------------------------------------------------------- robustness --

TEST(LetterRobustness, OddInputDoesNotCrash) {
  std::string junk = "\xff\xfe\xc3\x28 \xe2\x82 \xf0\x9f\x98\x80 § §§ . : ! ? -- ''";
  junk += std::string(1, '\0') + "Afgørelse\n\xc2\xa7 12, stk.";
  std::string noise;
  uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245u + 12345u;
    noise += static_cast<char>((x >> 16) & 0xFF);
  }
  for (const std::string& t : {std::string(), junk, noise, std::string(5000, '.'), std::string(5000, 'a')}) {
    const Analysis a = run(t);
    const Summary s = summarise(a, std::nullopt);
    EXPECT_FALSE(s.da.empty());
  }
}

TEST(LetterRobustness, TenPagesAreFast) {
  std::string big;
  while (big.size() < 30000) big += std::string(kE01) + "\n" + kSanction + "\n";
  const auto t0 = std::chrono::steady_clock::now();
  const Analysis a = run(big);
  const auto t1 = std::chrono::steady_clock::now();
  EXPECT_EQ(a.kind, Kind::kAfgoerelse);
  std::cout << "[ timing ] analyse(" << big.size()
            << " bytes): " << std::chrono::duration<double, std::milli>(t1 - t0).count() << " ms\n";
}

}  // namespace
}  // namespace bb::letter
