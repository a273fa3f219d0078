// Internal to the letter analysis: the phrase tables ("cues") the detectors look for.
//
// A cue is lower-case text with single spaces. It matches at the start of a word; it must also
// end at the end of a word unless it ends in '*' ("afgørelse*" matches "afgørelsen"). The text
// is matched lower-cased, with white space (line breaks too) collapsed and curly quotes and
// dashes made plain. To teach the analysis a new phrasing, add it to the right table.
#pragma once

#include "domain/letter/text.h"

namespace bb::letter::detail::cues {

// How, where and when to complain (klagevejledning).
inline constexpr std::string_view kKlagevejledning[] = {"hvis du vil klage*",
                                                        "hvis du ønsker at klage*",
                                                        "hvis du er uenig i afgørelsen*",
                                                        "du kan klage*",
                                                        "du kan ikke klage*",
                                                        "du kan påklage*",
                                                        "kan du klage*",
                                                        "du har mulighed for at klage*",
                                                        "du har ret til at klage*",
                                                        "klagen skal*",
                                                        "klagen sendes*",
                                                        "klagen bliver sendt*",
                                                        "send din klage*",
                                                        "send klagen*",
                                                        "din klage skal*",
                                                        "klage til ankestyrelsen*",
                                                        "klage over afgørelsen*",
                                                        "klage over denne afgørelse*",
                                                        "klage over vores afgørelse*",
                                                        "klagevejledning*",
                                                        "klageportalen*",
                                                        "kan påklages*",
                                                        "kan indbringes for*",
                                                        "indbringe afgørelsen*",
                                                        "klagefrist*",
                                                        "sender vi klagen*",
                                                        "sender vi sagen videre*",
                                                        "ønsker du at klage*",
                                                        "vil du klage*",
                                                        "klager du*"};

// Any sentence about complaining (to find the complaint body and deadline).
inline constexpr std::string_view kKlageWords[] = {"klag*", "påklag*", "indbring*",
                                                   "anke",  "anken",   "ankefrist*"};

// A letter that acknowledges a complaint or an inquiry quotes complaint words without being
// a decision: complaint guidance then gives no decision points.
inline constexpr std::string_view kAcknowledgement[] = {
    "vi har modtaget din klage*",       "tak for din klage*",       "din klage er modtaget*",
    "vi har modtaget din henvendelse*", "tak for din henvendelse*", "kvittering for*"};

// Complaint deadline, stated outright.
inline constexpr std::string_view kKlagefrist[] = {"klagefrist*", "fristen for at klage*",
                                                   "frist for at klage*", "fristen for klage*",
                                                   "fristen for din klage*"};
// Deadline words that count inside a sentence about complaining.
inline constexpr std::string_view kFristWords[] = {"senest*", "inden*", "frist*", "indenfor*"};

// Words that signal the sentence states the legal basis (with a legal reference).
inline constexpr std::string_view kHjemmel[] = {
    "efter*",         "i medfør af*", "jf*",        "jvf*",        "med hjemmel i*", "hjemmel*",
    "i henhold til*", "ifølge*",      "følger af*", "fremgår af*", "regler*",        "reglerne*",
    "bestemmelse*",   "betingelse*",  "truffet*",   "kravene i*",  "står i*",        "på grundlag af*",
    "på baggrund af*"};

// Reasons: facts and considerations given weight.
inline constexpr std::string_view kBegrundelse[] = {"lagt vægt på*",
                                                    "lægger vægt på*",
                                                    "lægges vægt på*",
                                                    "lagt vægt*",
                                                    "begrundelse*",
                                                    "begrunder*",
                                                    "baggrunden for*",
                                                    "derfor*",
                                                    "fordi*",
                                                    "da du*",
                                                    "da din*",
                                                    "da dit*",
                                                    "da dine*",
                                                    "da det*",
                                                    "da der*",
                                                    "da vi*",
                                                    "da han*",
                                                    "da hun*",
                                                    "da jeres*",
                                                    "idet*",
                                                    "eftersom*",
                                                    "på baggrund af*",
                                                    "på grundlag af*",
                                                    "vi vurderer*",
                                                    "vi har vurderet*",
                                                    "kommunen vurderer*",
                                                    "kommunen har vurderet*",
                                                    "vurderingen*",
                                                    "det er vores vurdering*",
                                                    "vi finder*",
                                                    "vi mener*",
                                                    "det skyldes*",
                                                    "som følge af*",
                                                    "på grund af*",
                                                    "pga*",
                                                    "har betydning*",
                                                    "det fremgår af*",
                                                    "oplysningerne i sagen*",
                                                    "vi har fået oplyst*"};
// The reasons cues that count in a hearing, where "derfor" or "da" alone say too little.
inline constexpr std::string_view kBegrundelseStrong[] = {
    "lagt vægt på*", "lægger vægt på*",  "lægges vægt på*", "lagt vægt*",
    "lægge vægt*",   "begrundelse*",     "begrunder*",      "fordi*",
    "idet*",         "eftersom*",        "på baggrund af*", "på grundlag af*",
    "vi vurderer*",  "vores vurdering*", "vurderingen*",    "kommunen vurderer*"};

// The citizen was heard or is being heard (partshøring).
inline constexpr std::string_view kPartshoering[] = {"partshør*",
                                                     "forvaltningslovens § 19*",
                                                     "mulighed for at udtale dig*",
                                                     "mulighed for at komme med*",
                                                     "mulighed for at kommentere*",
                                                     "vi har hørt dig*",
                                                     "du er blevet hørt*",
                                                     "komme med bemærkninger*",
                                                     "komme med dine bemærkninger*",
                                                     "dine bemærkninger*",
                                                     "bemærkninger til*",
                                                     "bemærkninger inden*",
                                                     "bemærkninger senest*",
                                                     "dine kommentarer*",
                                                     "kommentarer til*",
                                                     "høre dig*",
                                                     "høre din*",
                                                     "hørt dig*",
                                                     "haft bemærkninger*",
                                                     "ingen bemærkninger*",
                                                     "høring af*",
                                                     "naboorientering*",
                                                     "varsel*",
                                                     "varslet*",
                                                     "varsle*",
                                                     "varsling*"};

// Access to documents.
inline constexpr std::string_view kAktindsigt[] = {"aktindsigt*",
                                                   "ret til at se sagens*",
                                                   "se sagens akter*",
                                                   "se sagens dokumenter*",
                                                   "ret til at se dokumenterne*",
                                                   "indsigt i sagens*",
                                                   "adgang til sagens akter*"};
inline constexpr std::string_view kAktindsigtInfo[] = {"ret til aktindsigt*",  "kan få aktindsigt*",
                                                       "søge om aktindsigt*",  "bede om aktindsigt*",
                                                       "vil have aktindsigt*", "ønsker aktindsigt*"};

// A sentence that only states a condition or a possibility is not a decision.
inline constexpr std::string_view kConditional[] = {"hvis*",
                                                    "såfremt*",
                                                    "kan betyde*",
                                                    "kan det betyde*",
                                                    "risikerer*",
                                                    "kan føre til*",
                                                    "vil kunne*",
                                                    "kan medføre*",
                                                    "i så fald*",
                                                    "når vi har truffet*",
                                                    "når der er truffet*",
                                                    "overvejer*",
                                                    "påtænker*",
                                                    "agter*",
                                                    "forventer at*"};

// A decision stated outright.
inline constexpr std::string_view kDecision[] = {"afgørelsen er truffet*",
                                                 "afgørelse er truffet*",
                                                 "vi har truffet afgørelse*",
                                                 "vi har truffet en afgørelse*",
                                                 "vi har truffet følgende*",
                                                 "kommunen har truffet*",
                                                 "har truffet afgørelse*",
                                                 "vi har besluttet*",
                                                 "vi har derfor besluttet*",
                                                 "kommunen har besluttet*",
                                                 "vi har i dag besluttet*",
                                                 "vi har derfor truffet*",
                                                 "du får afslag*",
                                                 "du har fået afslag*",
                                                 "give dig afslag*",
                                                 "vi afslår*",
                                                 "vi har afslået*",
                                                 "vi må afslå*",
                                                 "din ansøgning er afslået*",
                                                 "din ansøgning afslås*",
                                                 "du er bevilget*",
                                                 "du bevilges*",
                                                 "vi har bevilget*",
                                                 "vi bevilger*",
                                                 "du får bevilget*",
                                                 "du er blevet bevilget*",
                                                 "vi har imødekommet*",
                                                 "din ansøgning er imødekommet*",
                                                 "vi imødekommer*",
                                                 "vi stopper*",
                                                 "vi standser*",
                                                 "vi har stoppet*",
                                                 "du får ikke*",
                                                 "du kan ikke få*",
                                                 "du er ikke berettiget*",
                                                 "du er berettiget*",
                                                 "du har ikke ret til*",
                                                 "du skal betale tilbage*",
                                                 "du skal tilbagebetale*",
                                                 "vi nedsætter*",
                                                 "vi har nedsat*",
                                                 "vi giver dig tilladelse*",
                                                 "du får tilladelse*",
                                                 "du får aktindsigt*",
                                                 "du får delvis aktindsigt*",
                                                 "vi giver dig aktindsigt*",
                                                 "vi giver dig delvis*",
                                                 "vi kan ikke give dig*",
                                                 "vi kan ikke bevilge*",
                                                 "vi påbyder*",
                                                 "vi giver dig påbud*",
                                                 "du får medhold*",
                                                 "vi giver dig medhold*",
                                                 "vi har godkendt*",
                                                 "din ansøgning er godkendt*",
                                                 "du får dækket*",
                                                 "vi dækker*",
                                                 "vi har dækket*",
                                                 "du får tilkendt*",
                                                 "du er tilkendt*",
                                                 "giver hermed*",
                                                 "meddeler hermed*",
                                                 "meddeles hermed*",
                                                 "vi pålægger*",
                                                 "du pålægges*"};

// Words that name an outcome.
inline constexpr std::string_view kOutcome[] = {
    "afslag*", "afslå*",        "bevilg*",     "ophør*",   "imødekom*", "tilbagebetal*",
    "nedsæt*", "frakend*",      "tilkend*",    "standse*", "påbud*",    "påbyd*",
    "pålæg*",  "dispensation*", "tilladelse*", "godkend*", "afvis*"};

// A decision is coming: the citizen is heard first.
inline constexpr std::string_view kHearingIntent[] = {
    "inden vi træffer*",     "før vi træffer*",        "inden kommunen træffer*",  "før kommunen træffer*",
    "inden der træffes*",    "før der træffes*",       "vi overvejer at*",         "kommunen overvejer at*",
    "vi påtænker at*",       "kommunen påtænker at*",  "vi forventer at træffe*",  "agter at*",
    "udkast til afgørelse*", "forslag til afgørelse*", "vi vil træffe afgørelse*", "påtænkt afgørelse*",
    "påtænkte afgørelse*",   "partshøring over*",      "partshøring om*",          "partshøring vedrørende*",
    "partshøring vedr*"};

// The citizen is asked for comments.
inline constexpr std::string_view kHearingInvite[] = {"mulighed for at komme med bemærkninger*",
                                                      "mulighed for at komme med dine bemærkninger*",
                                                      "mulighed for at udtale dig*",
                                                      "mulighed for at kommentere*",
                                                      "komme med dine bemærkninger*",
                                                      "send dine bemærkninger*",
                                                      "sende dine bemærkninger*",
                                                      "dine bemærkninger senest*",
                                                      "bemærkninger senest*",
                                                      "bemærkninger inden*",
                                                      "bemærkninger skal*",
                                                      "høre din mening*",
                                                      "vil gerne høre*",
                                                      "partshøring*",
                                                      "dine kommentarer*"};

// Reads like a full grant.
inline constexpr std::string_view kFullGrant[] = {"du er bevilget det, du har søgt om*",
                                                  "du får bevilget det, du har søgt om*",
                                                  "vi har bevilget det, du har søgt om*",
                                                  "du får det, du har søgt om*",
                                                  "vi har imødekommet din ansøgning*",
                                                  "din ansøgning er imødekommet*",
                                                  "vi imødekommer din ansøgning*",
                                                  "fuldt ud*",
                                                  "som ansøgt*",
                                                  "i overensstemmelse med din ansøgning*",
                                                  "du får medhold*",
                                                  "vi giver dig medhold*",
                                                  "du får fuld aktindsigt*",
                                                  "vi giver dig fuld aktindsigt*",
                                                  "din ansøgning er godkendt*",
                                                  "svarer til det, du har søgt om*",
                                                  "svarer til det du har søgt om*",
                                                  "alt det, du har søgt om*"};
// Or a sentence that grants "what you applied for": a grant word with an applied-for phrase
// ("Du får bevilget begge hjælpemidler, som du har søgt om.").
inline constexpr std::string_view kGrantWords[] = {"bevilg*", "imødekom*", "godkend*", "du får*"};
inline constexpr std::string_view kAppliedFor[] = {
    "som du har søgt om*", "det, du har søgt om*",  "det du har søgt om*", "som du søgte om*",
    "det, du søgte om*",   "som du har ansøgt om*", "som ansøgt*"};
// Any of these rules out a full grant (outside complaint guidance and conditions).
inline constexpr std::string_view kRefusal[] = {
    "afslag*",       "afslå*",           "afvis*",        "ikke bevilg*",      "ikke imødekom*",
    "delvis*",       "ophør*",           "vi stopper*",   "du får ikke*",      "du kan ikke få*",
    "ikke ret til*", "ikke berettiget*", "nedsæt*",       "tilbagebetal*",     "dog ikke*",
    "men ikke*",     "mindre end*",      "i stedet for*", "kan ikke bevilge*", "kan ikke give*",
    "undtaget*",     "undtagelse*",      "men ikke*"};

// Employment and social matters (Ankestyrelsen handles both, with different rules rows).
inline constexpr std::string_view kEmployment[] = {"jobcent*",
                                                   "sygedagpenge*",
                                                   "kontanthjælp*",
                                                   "uddannelseshjælp*",
                                                   "ressourceforløb*",
                                                   "jobafklaringsforløb*",
                                                   "fleksjob*",
                                                   "ledighedsydelse*",
                                                   "revalidering*",
                                                   "selvforsørgelses- og hjemrejseydelse*",
                                                   "integrationsydelse*",
                                                   "overgangsydelse*",
                                                   "arbejdsløshedsdagpenge*",
                                                   "a-kasse*",
                                                   "virksomhedspraktik*",
                                                   "løntilskud*",
                                                   "rådighed*",
                                                   "jobsamtale*"};
inline constexpr std::string_view kSocial[] = {"handicap*",
                                               "hjemmehjælp*",
                                               "praktisk hjælp*",
                                               "personlig hjælp*",
                                               "personlig pleje*",
                                               "hjælpemid*",
                                               "merudgift*",
                                               "tabt arbejdsfortjeneste*",
                                               "anbringelse*",
                                               "aflastning*",
                                               "bpa*",
                                               "ledsage*",
                                               "botilbud*",
                                               "bostøtte*",
                                               "støttekontaktperson*",
                                               "forebyggende*",
                                               "boligindretning*",
                                               "handicapbil*",
                                               "genoptræning*",
                                               "børnefaglig*"};

// How to complain.
inline constexpr std::string_view kViaMunicipality[] = {"til os*",
                                                        "hos os*",
                                                        "til kommunen*",
                                                        "hos kommunen*",
                                                        "til jobcentret*",
                                                        "til jobcenteret*",
                                                        "sender vi klagen*",
                                                        "sender vi sagen*",
                                                        "genvurder*",
                                                        "vurderer sagen igen*",
                                                        "vurdere sagen igen*",
                                                        "ser på sagen igen*",
                                                        "se på sagen igen*",
                                                        "revurdere*"};
inline constexpr std::string_view kKlageportalen[] = {"klageportalen*"};
inline constexpr std::string_view kOrally[] = {"mundtligt*", "ringe til os*", "ringe til*", "telefonisk*"};

// Kinds of other letters.
inline constexpr std::string_view kMeetingTitle[] = {"invitation*", "indkald*", "møde*", "samtale*",
                                                     "inviter*"};
inline constexpr std::string_view kMeeting[] = {"vi inviterer*", "inviterer dig*", "invitation*",
                                                "indkalder*",    "indkaldelse*",   "møde*",
                                                "samtale*",      "mødes*"};
inline constexpr std::string_view kReminder[] = {
    "rykker*",  "påmindelse*",   "vi mangler*", "har endnu ikke modtaget*", "har ikke modtaget*",
    "husk at*", "vi minder dig*"};
inline constexpr std::string_view kRequest[] = {"vi beder dig*",  "send os*",         "du bedes*",
                                                "vi skal bruge*", "vi har brug for*", "indsende*",
                                                "sende os*",      "skal du sende*"};
inline constexpr std::string_view kReplyBy[] = {"senest*", "inden*", "frist*", "bemærkninger*", "svar*"};
inline constexpr std::string_view kBisidder[] = {"bisidder*"};

}  // namespace bb::letter::detail::cues
