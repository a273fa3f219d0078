// Demo data: invented inquiries to a Danish citizen advisor, composed from the text tables
// below. All people, addresses, phone numbers and CPR numbers are made up: e-mail addresses use
// the reserved example.* domains, and CPR numbers deliberately fail modulus 11 (every number
// issued before 2007 passes it), so they are unlikely to belong to a real person.
#include "cli/demo.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <initializer_list>
#include <random>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>

namespace bb::cli {
namespace {

// ---------------------------------------------------------------------------------------------
// Randomness. std::mt19937's output sequence is fixed by the standard, the distributions are
// not; so the few we need are built on the engine's raw output (the modulo bias is irrelevant
// for demo data).

class Dice {
 public:
  explicit Dice(uint32_t seed) : engine_(seed) {}

  // 0 .. n-1.
  int below(int n) { return n <= 1 ? 0 : static_cast<int>(engine_() % static_cast<uint32_t>(n)); }
  // lo .. hi inclusive; lo when hi <= lo.
  int between(int lo, int hi) { return hi <= lo ? lo : lo + below(hi - lo + 1); }
  bool chance(int percent) { return below(100) < percent; }

  // An index chosen with the given relative weights.
  size_t weighted(std::span<const int> weights) {
    int total = 0;
    for (int w : weights) total += w;
    int roll = below(total);
    for (size_t i = 0; i < weights.size(); ++i) {
      if (roll < weights[i]) return i;
      roll -= weights[i];
    }
    return weights.size() - 1;
  }
  size_t weighted(std::initializer_list<int> weights) {
    return weighted(std::span<const int>(weights.begin(), weights.size()));
  }

  template <typename T>
  const T& pick(std::span<const T> items) {
    return items[static_cast<size_t>(below(static_cast<int>(items.size())))];
  }

 private:
  std::mt19937 engine_;
};

// Splits "a|b|c" and returns one of the alternatives.
std::string_view variant(Dice& dice, std::string_view alternatives) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t bar; (bar = alternatives.find('|', start)) != std::string_view::npos;
       start = bar + 1) {
    parts.push_back(alternatives.substr(start, bar - start));
  }
  parts.push_back(alternatives.substr(start));
  return dice.pick(std::span<const std::string_view>(parts));
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Placeholders in the texts: {p} han/hun, {P} Han/Hun, {o} ham/hende, {g} hans/hendes,
// {G} Hans/Hendes, {m} months, {w} weeks, {kr} an amount, {dept}/{Dept} the department,
// {topic}, {referral}, {finding}.
using Vars = std::vector<std::pair<std::string_view, std::string>>;

std::string fill(std::string_view text, const Vars& vars) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('{', i);
    const size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    const std::string_view key = text.substr(open + 1, close - open - 1);
    auto it = std::find_if(vars.begin(), vars.end(), [&](const auto& v) { return v.first == key; });
    const bool known = it != vars.end();
    out += known ? std::string_view(it->second) : text.substr(open, close - open + 1);
    i = close + 1;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Citizens

constexpr const char* kFemaleNames[] = {
    "Anne",  "Kirsten",   "Mette",  "Hanne",     "Helle", "Susanne", "Lene",  "Maria",
    "Karen", "Camilla",   "Louise", "Charlotte", "Tina",  "Sofie",   "Ida",   "Emma",
    "Julie", "Birgitte",  "Inge",   "Jytte",     "Bente", "Fatima",  "Aisha", "Leyla",
    "Olena", "Agnieszka", "Sara",   "Nadia",     "Signe", "Rikke",   "Gitte", "Winnie"};
constexpr const char* kMaleNames[] = {
    "Jens",   "Peter",  "Lars",      "Michael", "Henrik",   "Søren",  "Thomas", "Jan",
    "Niels",  "Morten", "Jesper",    "Anders",  "Mads",     "Rasmus", "Kim",    "Ole",
    "Bent",   "Erik",   "Christian", "Martin",  "Frederik", "Mikkel", "Ahmad",  "Mohammed",
    "Hassan", "Omar",   "Tomasz",    "Andrii",  "Kasper",   "Jørgen", "Poul",   "Flemming"};
constexpr const char* kMiddleNames[] = {"Marie", "Louise", "Bach",      "Skov",
                                        "Juul",  "Krogh",  "Kjærgaard", "Lykke"};
constexpr const char* kLastNames[] = {
    "Nielsen",  "Jensen",       "Hansen",      "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen",    "Jørgensen",   "Petersen", "Madsen",   "Kristensen",  "Olsen",
    "Thomsen",  "Christiansen", "Poulsen",     "Johansen", "Møller",   "Mortensen",   "Knudsen",
    "Jakobsen", "Mikkelsen",    "Frederiksen", "Holm",     "Lund",     "Bech",        "Dahl",
    "Kjær",     "Østergaard",   "Hussein",     "Ahmadi",   "Yilmaz",   "Nowak",       "Kowalski",
    "Mohamed",  "Abdi",         "Kovalenko"};
constexpr const char* kStreets[] = {
    "Skovvej",     "Møllevej",   "Kirkegade", "Storegade",    "Vestergade", "Østergade",
    "Nørregade",   "Søndergade", "Bøgevej",   "Egevej",       "Lærkevej",   "Rosenvænget",
    "Stationsvej", "Skolevej",   "Engvej",    "Birkealle",    "Havnegade",  "Parkvej",
    "Solsikkevej", "Ahornvej",   "Granvej",   "Præstevænget", "Mågevej",    "Kastanjealle"};
constexpr const char* kApartments[] = {"st. tv.", "st. th.", "1. tv.", "1. th.",
                                       "2. tv.",  "2. th.",  "3. mf."};
// Villages around the main town; the main town is named after the municipality.
constexpr const char* kVillages[] = {"4720 Bøgeskov", "4733 Lindebjerg", "4750 Egeslev",
                                     "4760 Kærby", "4771 Vesterlund"};
constexpr const char* kMobilePrefixes[] = {"20", "21", "22", "23", "24", "25", "26", "27",
                                           "28", "29", "30", "31", "40", "41", "42", "50",
                                           "51", "52", "53", "60", "61", "91", "93"};
constexpr const char* kEmailDomains[] = {"example.com", "example.net", "example.org"};
constexpr const char* kNeeds[] = {"tolk (arabisk)",
                                  "tolk (somali)",
                                  "tolk (tyrkisk)",
                                  "tolk (ukrainsk)",
                                  "ordblind – ring hellere end at skrive",
                                  "hørehæmmet",
                                  "ingen Digital Post",
                                  "læser ikke Digital Post",
                                  "kørestolsbruger – møder i stueetagen",
                                  "svagtseende – breve med stor skrift",
                                  "har brug for en bisidder"};

// ---------------------------------------------------------------------------------------------
// What the inquiries are about. Placeholders: see fill().

struct Scenario {
  const char* department;  // the department the case concerns
  const char* also;        // a department sometimes involved too, or ""
  const char* reasons;     // plausible reason codes, the most likely first
  int weight;              // relative frequency
  const char* topic;       // definite noun phrase for journal texts
  const char* situations;  // alternatives separated by '|'
};

// Matters the advisor handles.
constexpr Scenario kScenarios[] = {
    // Jobcenter
    {"Jobcenter", "", "kontakt klage", 5, "den manglende kontakt med jobcentret",
     "{P} har ikke hørt fra jobcentret i {m} måneder, selv om {p} har skrevet flere gange og lagt "
     "beskeder på telefonsvareren.|{P} har ventet {m} måneder på svar fra sin jobkonsulent om et "
     "afklaringsforløb og får ingen svar på sine beskeder."},
    {"Jobcenter", "Ydelser", "forstaa klage", 4, "sanktionen i kontanthjælpen",
     "{P} har fået en sanktion i kontanthjælpen for udeblivelse fra en samtale, men siger, at "
     "indkaldelsen aldrig kom frem.|Kontanthjælpen er nedsat med {kr} kr., fordi {p} ikke har "
     "registreret sine jobsøgninger; {p} mener, at Jobnet var nede."},
    {"Jobcenter", "", "forstaa hjaelp hoert", 3, "ressourceforløbet",
     "{P} forstår ikke, hvad rehabiliteringsteamets indstilling om ressourceforløb betyder for "
     "{o}.|{P} har været i ressourceforløb i over to år og oplever ikke, at der sker noget. "
     "Kontaktpersonen er skiftet tre gange."},
    {"Jobcenter", "", "klage forstaa", 3, "afslaget på fleksjob",
     "{P} har fået afslag på fleksjob, fordi arbejdsevnen ikke anses for afklaret, og forstår "
     "ikke, hvad der mangler.|Efter {m} måneders arbejdsprøvning har jobcentret vurderet, at {p} ikke "
     "opfylder betingelserne for fleksjob. {P} er uenig i vurderingen."},
    {"Jobcenter", "Ydelser", "forstaa klage", 4, "ophøret af sygedagpengene",
     "Sygedagpengene er stoppet, fordi jobcentret vurderer, at {p} kan arbejde i et andet job. "
     "{P} er stadig sygemeldt af sin læge.|{P} har fået brev om, at sygedagpengene stopper, og at "
     "{p} skal i jobafklaringsforløb. {P} forstår ikke, hvad det betyder økonomisk."},
    {"Jobcenter", "", "hoert klage", 2, "indkaldelserne til jobcentret",
     "{P} er indkaldt til samtale i jobcentret samme dag som en planlagt operation og har fået at "
     "vide, at udeblivelse kan koste ydelsen.|{P} oplever, at jobcentret ikke lytter til lægens "
     "vurdering og bliver ved med at indkalde {o} til aktivering."},
    {"Jobcenter", "", "klage hoert", 2, "tonen i samtalen med jobcentret",
     "{P} følte sig talt ned til af sin sagsbehandler under en samtale og vil gerne have, at nogen "
     "ser på det.|{P} blev afbrudt og irettesat ved et opfølgningsmøde og ønsker at klage over "
     "sagsbehandlerens optræden."},
    {"Jobcenter", "Voksen og Handicap", "forstaa hjaelp", 3, "sagen om førtidspension",
     "{P} har været syg i mange år og vil søge førtidspension, men jobcentret siger, at der først "
     "skal laves et ressourceforløb.|Sagen om førtidspension har stået stille i {m} måneder, mens "
     "kommunen venter på en speciallægeerklæring."},
    {"Jobcenter", "Ydelser", "forstaa", 2, "brevet om ledighedsydelse",
     "{P} har fået et brev om ledighedsydelse og er i tvivl om, hvorvidt {p} selv skal søge om "
     "noget.|{P} er visiteret til fleksjob, men har ikke fået ledighedsydelse, mens {p} venter på "
     "et job."},
    // Ydelser
    {"Ydelser", "", "forstaa klage", 5, "afslaget på personligt tillæg",
     "{P} har fået afslag på personligt tillæg til en tandlægeregning på {kr} kr. og forstår ikke "
     "begrundelsen.|{P} er folkepensionist og har søgt personligt tillæg til briller. Afslaget "
     "henviser til formue, men {p} har ingen opsparing."},
    {"Ydelser", "", "klage forstaa", 4, "tilbagebetalingskravet",
     "{P} har fået krav om tilbagebetaling af {kr} kr. i kontanthjælp, fordi en samlevers indtægt "
     "ikke var oplyst. {P} mener ikke, at de bor sammen.|Kommunen kræver {kr} kr. tilbage for for "
     "meget udbetalt hjælp. {P} forstår ikke beregningen og har ikke råd til afdragene."},
    {"Ydelser", "", "hjaelp forstaa", 3, "ansøgningen om hjælp til enkeltudgifter",
     "{P} har søgt om hjælp til et nyt køleskab og har ikke fået svar efter {w} uger.|{P} har "
     "fået afslag på hjælp til depositum til en ny lejlighed og risikerer at stå uden bolig."},
    {"Ydelser", "Jobcenter", "kontakt forstaa", 3, "udbetalingen af kontanthjælp",
     "Kontanthjælpen er ikke kommet ind på kontoen den første i måneden, og {p} kan ikke betale "
     "husleje.|{P} har ikke fået udbetalt hjælp i to måneder, fordi en lønseddel mangler, men {p} "
     "har sendt den to gange."},
    {"Ydelser", "", "forstaa klage", 2, "helbredstillægget",
     "{P} er pensionist og har fået afslag på helbredstillæg til tandbehandling, fordi formuen er "
     "for høj.|{P} forstår ikke, hvorfor helbredstillægget til medicin er sat ned, når pensionen "
     "ikke er steget."},
    {"Ydelser", "Borgerservice", "kontakt forstaa", 2, "begravelseshjælpen",
     "{G} far er død, og {p} har fået afslag på begravelseshjælp, fordi boet havde for mange "
     "midler.|{P} venter stadig på svar om begravelseshjælp efter sin mors død for {m} måneder "
     "siden."},
    // Voksen og Handicap
    {"Voksen og Handicap", "", "klage kontakt", 5, "sagsbehandlingstiden i handicapsagen",
     "{P} har ventet {m} måneder på en afgørelse om merudgifter, selv om den oplyste "
     "sagsbehandlingstid er otte uger.|Ansøgningen om merudgiftsydelse til {g} voksne søn med "
     "autisme blev sendt for {m} måneder siden, og ingen har vendt tilbage."},
    {"Voksen og Handicap", "", "klage hoert", 4, "BPA-ordningen",
     "{P} har BPA og har fået brev om, at timerne skæres kraftigt ned, uden at {p} er blevet hørt "
     "først.|{P} har søgt om borgerstyret personlig assistance (BPA) efter en rygmarvsskade og har "
     "fået afslag uden at have haft et møde med kommunen."},
    {"Voksen og Handicap", "Sundhed og Omsorg", "forstaa klage hjaelp", 4,
     "ansøgningen om hjælpemidler",
     "{P} har ventet {w} uger på en ny kørestol, og den gamle er gået i stykker. "
     "Hjælpemiddelcentret svarer ikke.|{P} har fået afslag på en plejeseng og forstår ikke, "
     "hvorfor en almindelig seng skulle være tilstrækkelig."},
    {"Voksen og Handicap", "", "klage forstaa", 3, "afslaget på støtte til bil",
     "{P} har fået afslag på støtte til køb af bil, fordi kommunen mener, at {p} kan klare sig med "
     "flextrafik.|{P} søgte om støtte til en handicapbil for et år siden og har nu fået afslag "
     "uden at være blevet undersøgt."},
    {"Voksen og Handicap", "", "hoert hjaelp", 3, "den socialpædagogiske støtte",
     "{P} har en psykisk sygdom og har fået at vide, at {g} socialpædagogiske støtte bliver "
     "reduceret til én time om ugen.|{P} har fået ny kontaktperson i bostøtten for fjerde gang på "
     "et år og føler, at {p} hele tiden skal starte forfra."},
    {"Voksen og Handicap", "", "klage hoert", 2, "forholdene på botilbuddet",
     "{P} henvender sig om sin bror, der bor på et kommunalt botilbud. Familien er bekymret for, "
     "at broren sjældent kommer ud.|{P} er pårørende til en beboer på et botilbud og har ikke "
     "fået svar på en klage over medicinhåndteringen."},
    // Børn og Familie
    {"Børn og Familie", "", "hoert klage", 4, "den børnefaglige undersøgelse",
     "{P} mener, at den børnefaglige undersøgelse af {g} datter bygger på forkerte oplysninger, "
     "og har ikke fået lov at kommentere den.|Der er lavet en børnefaglig undersøgelse af {g} søn, "
     "og {p} har ikke set den, før den blev brugt på et møde."},
    {"Børn og Familie", "", "klage forstaa", 4, "afslaget på aflastning",
     "{P} har en søn med ADHD og har fået afslag på aflastning én weekend om måneden. Familien er "
     "meget presset.|Aflastningen for {g} datter med et svært handicap er skåret fra to til én "
     "weekend om måneden uden forklaring."},
    {"Børn og Familie", "", "forstaa kontakt", 3, "den tabte arbejdsfortjeneste",
     "{P} passer sit kronisk syge barn hjemme og får tabt arbejdsfortjeneste. Kommunen har "
     "varslet, at timerne sættes ned.|{P} har søgt tabt arbejdsfortjeneste for at kunne være hos "
     "sit barn under en kræftbehandling og har ikke fået svar i {w} uger."},
    {"Børn og Familie", "", "hoert klage", 3, "anbringelsen",
     "{G} barn er anbragt uden for hjemmet, og {p} oplever ikke at blive informeret om skole og "
     "helbred.|{P} er utilfreds med, at kommunen har flyttet {g} anbragte søn til en ny "
     "plejefamilie uden at orientere {o} først."},
    {"Børn og Familie", "", "kontakt", 2, "de mange skift af sagsbehandler",
     "Familien har haft fem sagsbehandlere på to år, og {p} ved ikke, hvem {p} skal kontakte om "
     "sin søns sag.|{P} har ikke kunnet få fat i familieafdelingen i {w} uger, efter at {g} "
     "sagsbehandler er stoppet."},
    {"Børn og Familie", "", "forstaa klage", 2, "merudgifterne til barnet",
     "{P} har fået en afgørelse om merudgifter til sit barn med diabetes og kan ikke se, hvordan "
     "beløbet er beregnet.|{P} har fået afslag på dækning af merudgifter til specialkost til sin "
     "søn med cøliaki."},
    // Skole og Dagtilbud
    {"Skole og Dagtilbud", "Børn og Familie", "klage hoert", 3, "specialundervisningen",
     "{G} søn er ordblind og har autisme og har ventet {m} måneder på en PPR-vurdering og et "
     "tilbud om specialundervisning.|{P} mener, at {g} datter ikke får den støtte i skolen, som "
     "PPR anbefalede, og har fået at vide, at der ikke er ressourcer."},
    {"Skole og Dagtilbud", "", "forstaa klage", 2, "skoleskiftet",
     "{P} har søgt skoleskift for sin søn på grund af mobning og har fået afslag, fordi klassen på "
     "den nye skole er fuld.|{G} datter er skiftet til en ny skole, men nu har kommunen "
     "skrevet, at datteren skal tilbage til distriktsskolen."},
    {"Skole og Dagtilbud", "Teknik og Miljø", "klage forstaa", 2, "afslaget på skolekørsel",
     "{P} har fået afslag på fri befordring til skole, selv om {g} datter skal krydse en landevej "
     "uden fortov.|Kommunen har stoppet skolebussen til {g} søns skole, og {p} forstår ikke, "
     "hvordan afstanden er målt."},
    {"Skole og Dagtilbud", "", "kontakt forstaa", 2, "pladsen i dagtilbud",
     "{P} har fået tilbudt en vuggestueplads langt fra hjemmet og ved ikke, om {p} kan sige nej "
     "uden at miste pasningsgarantien.|{P} har fået opkrævet fuld pris for vuggestuen, selv om {p} "
     "har søgt økonomisk friplads."},
    // Sundhed og Omsorg
    {"Sundhed og Omsorg", "", "klage hjaelp", 4, "visitationen til hjemmehjælp",
     "{P} er over 80 år og har mistet rengøringshjælpen efter et revisitationsbesøg på ti "
     "minutter.|{P} henvender sig, fordi {g} mor har fået hjemmehjælpen til personlig pleje "
     "sat ned. Familien er bekymret for, om moren kan klare sig."},
    {"Sundhed og Omsorg", "", "klage", 3, "madservicen",
     "{P} får mad fra den kommunale madservice og klager over, at maden flere gange er kommet for "
     "sent eller slet ikke.|{P} har fået en ny pris på madservice og forstår ikke, hvorfor den er "
     "steget, når portionerne er blevet mindre."},
    {"Sundhed og Omsorg", "", "klage hoert", 3, "ventetiden på plejebolig",
     "{P} henvender sig på vegne af sin far, der har ventet {m} måneder på en plejebolig, selv om "
     "han er visiteret, og plejeboliggarantien er to måneder.|{P} er pårørende og klager over, "
     "at {g} mor på plejehjemmet ikke får hjælp til at komme op om morgenen."},
    {"Sundhed og Omsorg", "", "forstaa hjaelp", 2, "genoptræningen",
     "{P} er udskrevet fra sygehuset med en genoptræningsplan, men kommunen har ikke indkaldt {o} "
     "efter {w} uger.|{P} har fået afslag på vedligeholdende træning og forstår ikke forskellen på "
     "de to slags træning."},
    // Borgerservice
    {"Borgerservice", "", "hjaelp forstaa", 3, "brevet i Digital Post",
     "{P} har fået et brev i Digital Post, som {p} ikke forstår, og er bange for at overse en "
     "frist.|{P} er fritaget for Digital Post, men får alligevel breve digitalt og har derfor "
     "overset en indkaldelse."},
    {"Borgerservice", "", "kontakt hjaelp", 2, "kontakten til Borgerservice",
     "{P} kan ikke få en tid i Borgerservice til at forny sit pas inden en planlagt rejse.|{P} har "
     "ikke MitID og kan ikke komme ind i de digitale løsninger; Borgerservice henviser til "
     "hjemmesiden."},
    {"Borgerservice", "Ydelser", "klage hjaelp", 2, "tolkebistanden",
     "{P} taler ikke dansk og har været til et møde i kommunen uden tolk, selv om der var bestilt "
     "en.|{P} har bedt om tolk til møderne i familieafdelingen, men der kommer aldrig en, og {g} "
     "barn må oversætte."},
    {"Borgerservice", "", "kontakt forstaa", 2, "registreringen uden fast bopæl",
     "{P} er hjemløs og har fået brev om, at {p} registreres uden fast bopæl, og ved ikke, hvor "
     "{g} post nu kommer hen.|{P} bor midlertidigt på et herberg og får ikke sin post, fordi "
     "adressen i folkeregistret ikke er rettet."},
    // Teknik og Miljø
    {"Teknik og Miljø", "", "klage forstaa", 3, "byggesagen",
     "{P} har ventet {m} måneder på en byggetilladelse til en carport og har ikke fået at vide, "
     "hvad der mangler.|{P} er nabo til et byggeri og mener ikke at være blevet partshørt, før "
     "kommunen gav dispensation fra højdegrænsen."},
    {"Teknik og Miljø", "", "klage", 2, "parkeringsafgiften",
     "{P} har fået en parkeringsafgift på kommunens P-plads, selv om P-skiven var lagt, og mener, "
     "at skiltningen er utydelig.|{P} har klaget over en parkeringsafgift og har ikke fået svar i "
     "{w} uger, men har nu fået en rykker."},
    {"Teknik og Miljø", "", "klage hoert", 2, "affaldsordningen",
     "Skraldespanden er ikke blevet tømt fire gange i træk, og {p} har fået et gebyr for "
     "overfyldt beholder.|{P} er gangbesværet og har søgt om at få affaldet hentet ved døren, men "
     "har ikke fået svar."},
    {"Teknik og Miljø", "", "forstaa hoert", 2, "påbuddet fra kommunen",
     "{P} har fået påbud om at separatkloakere sin ejendom inden for et år og forstår ikke, "
     "hvorfor det er {o}, der skal betale.|{P} har fået påbud om at rydde sin grund og mener "
     "ikke at være blevet hørt først."},
    {"Teknik og Miljø", "Sundhed og Omsorg", "kontakt klage", 1, "vintervedligeholdelsen",
     "Vejen, hvor {p} bor, bliver ikke ryddet for sne, og hjemmeplejen kan ikke komme frem.|{P} "
     "har flere gange meldt et farligt hul i fortovet uden at få svar."},
    // Økonomi og Opkrævning
    {"Økonomi og Opkrævning", "", "forstaa klage", 3, "opkrævningen af ejendomsskat",
     "{P} har betalt ejendomsskatten for sent på grund af en fejl i Betalingsservice og har fået "
     "et rykkergebyr, som {p} mener er urimeligt.|{P} har fået en opkrævning på ejendomsskat, der "
     "er langt højere end sidste år, og forstår ikke, hvordan den er beregnet."},
    {"Økonomi og Opkrævning", "Ydelser", "hjaelp kontakt", 3, "restancen til kommunen",
     "{P} har fået rykker for {kr} kr. for daginstitution og vil gerne lave en afdragsordning, men "
     "kan ikke komme igennem på telefonen.|{P} har fået en regning på et lån til depositum og "
     "forstår ikke, hvorfor afdraget er sat så højt."},
    // Kultur og Fritid
    {"Kultur og Fritid", "", "klage andet", 1, "fordelingen af lokaler og tilskud",
     "{P} er formand for en idrætsforening og mener, at kommunen har fordelt haltider uden at "
     "følge sine egne retningslinjer.|{P} har fået en erstatningsregning fra biblioteket for "
     "bøger, som {p} mener at have afleveret."},
    // Andet
    {"Andet", "", "andet klage", 2, "anmodningen om aktindsigt",
     "{P} har bedt om aktindsigt i sin sag og har ikke fået svar efter {w} uger.|{P} har fået "
     "aktindsigt, men mange sider er overstreget, og {p} forstår ikke hvorfor."},
    {"Andet", "", "andet forstaa", 1, "klagemulighederne i kommunen",
     "{P} vil gerne vide, hvad borgerrådgiveren kan hjælpe med, før {p} går videre med en sag.|{P} "
     "er utilfreds med, at kommunens hjemmeside ikke fortæller, hvordan man klager."},
};

// Matters outside the advisor's remit: registered, then rejected with a reason and a referral.
struct Rejection {
  Scenario scenario;
  const char* reason;
  const char* referral;
};

constexpr Rejection kRejections[] = {
    {{"Andet", "", "forstaa andet", 3, "restskatten",
      "{P} har fået en restskat på {kr} kr. og mener, at årsopgørelsen er forkert.|{P} forstår "
      "ikke sin forskudsopgørelse og har fået brev om for lidt betalt skat."},
     "Skattesager hører under Skattestyrelsen, som er en statslig myndighed uden for "
     "borgerrådgiverens område.",
     "Skattestyrelsen, skat.dk"},
    {{"Ydelser", "", "forstaa klage", 3, "boligstøtten",
      "{P} har fået nedsat sin boligstøtte og skal betale {kr} kr. tilbage efter "
      "efterreguleringen.|{P} søgte boligstøtte for {m} måneder siden og har ikke fået svar."},
     "Boligstøtte administreres af Udbetaling Danmark og ikke af kommunen.",
     "Udbetaling Danmark, Boligstøtte, via borger.dk"},
    {{"Børn og Familie", "", "hoert klage", 3, "samværet med barnet",
      "{P} er uenig i samværsordningen med barnets anden forælder og vil have kommunen til at "
      "ændre den.|{P} vil klage over en afgørelse om forældremyndighed og bopæl for sin datter."},
     "Sager om forældremyndighed, bopæl og samvær behandles af Familieretshuset.",
     "Familieretshuset, familieretshuset.dk"},
    {{"Voksen og Handicap", "Jobcenter", "klage", 3, "klagen hos Ankestyrelsen",
      "{P} har klaget over afslaget på førtidspension, og klagen ligger nu hos Ankestyrelsen. {P} "
      "vil vide, om borgerrådgiveren kan fremskynde den.|{P} har klaget til Ankestyrelsen over en "
      "afgørelse om merudgifter og ønsker, at borgerrådgiveren ser på sagen samtidig."},
     "Sagen verserer ved Ankestyrelsen, og borgerrådgiveren behandler ikke sager, der er indbragt "
     "for en klageinstans.",
     "Ankestyrelsen, tlf. 33 41 12 00"},
    {{"Andet", "", "klage", 1, "ansættelsesforholdet",
      "{P} er ansat i hjemmeplejen og er utilfreds med en advarsel fra sin leder.|{P} er blevet "
      "afskediget fra en stilling i kommunen og mener, at det er sket på et forkert grundlag."},
     "Personalesager om kommunens egne ansatte ligger uden for borgerrådgiverens kompetence.",
     "Den faglige organisation eller kommunens HR-afdeling"},
    {{"Skole og Dagtilbud", "", "klage hoert", 1, "den politiske beslutning",
      "{P} er imod byrådets beslutning om at lukke den lokale skole og vil have borgerrådgiveren "
      "til at stoppe den.|{P} klager over, at byrådet har besluttet at hæve taksterne for SFO."},
     "Borgerrådgiveren behandler ikke klager over politiske beslutninger og serviceniveau.",
     "Byrådet – skriv til borgmesterens sekretariat eller det relevante udvalg"},
    {{"Sundhed og Omsorg", "", "klage", 2, "behandlingen på sygehuset",
      "{P} klager over behandlingen på sygehuset efter en knæoperation.|{P} er utilfreds med "
      "ventetiden på en udredning i psykiatrien."},
     "Sygehuse og psykiatri hører under regionen og ikke under kommunen.",
     "Patientkontoret i regionen og Styrelsen for Patientklager, stpk.dk"},
    {{"Andet", "", "andet", 1, "tvisten med udlejeren",
      "{P} har skimmelsvamp i sin private lejebolig, og udlejeren reagerer ikke.|{P} er uenig i "
      "varmeregnskabet fra sin boligforening."},
     "Tvister mellem lejer og udlejer er privatretlige og ligger uden for borgerrådgiverens "
     "område.",
     "Huslejenævnet eller Beboerklagenævnet og en lejerforening"},
    {{"Jobcenter", "", "klage", 1, "den gamle sag",
      "{P} ønsker at få genoptaget en sag om sygedagpenge, som blev afsluttet for tre år "
      "siden.|{P} vil klage over en afgørelse om kontanthjælp fra for fire år siden."},
     "Sagen blev afsluttet for mere end et år siden og kan som udgangspunkt ikke behandles af "
     "borgerrådgiveren.",
     "Retshjælpen eller en advokat om muligheden for genoptagelse"},
    {{"Ydelser", "", "forstaa", 2, "ydelsen fra Udbetaling Danmark",
      "{P} forstår ikke, hvorfor folkepensionen er sat ned efter en ny indtægt.|{P} har fået brev "
      "fra Udbetaling Danmark om tilbagebetaling af børne- og ungeydelse."},
     "Folkepension og familieydelser administreres af Udbetaling Danmark.",
     "Udbetaling Danmark via borger.dk"},
};

// ---------------------------------------------------------------------------------------------
// Summaries: opener (by channel) + situation + sometimes a detail + what the citizen asks for.

struct ChannelMix {
  Channel channel;
  int weight;
  const char* openers;
};

constexpr ChannelMix kChannels[] = {
    {Channel::kTelefon, 45,
     "Borgeren ringer.|Telefonisk henvendelse.|Borgeren ringer i telefontiden.|Opringning fra "
     "borgeren."},
    {Channel::kEmail, 25, "Henvendelse pr. e-mail.|Borgeren skriver en e-mail.|Mail fra borgeren."},
    {Channel::kWebformular, 12,
     "Henvendelse via kontaktformularen.|Borgeren har udfyldt kontaktformularen på hjemmesiden."},
    {Channel::kPersonligt, 8,
     "Borgeren møder op i rådgivningen.|Personligt fremmøde sammen med en pårørende.|Borgeren "
     "kommer forbi uden aftale."},
    {Channel::kBrev, 5, "Borgeren har sendt et brev med kopi af afgørelsen.|Henvendelse pr. brev."},
    {Channel::kDigitalPost, 5,
     "Henvendelse via Digital Post.|Borgeren skriver via Digital Post og vedhæfter brevet."},
};

constexpr const char* kDetails[] = {
    "{P} bor alene og har ingen familie i nærheden.",
    "{P} har to børn og er bekymret for økonomien.",
    "{P} er sygemeldt med stress og har svært ved at overskue brevene.",
    "{P} har ringet til kommunen flere gange uden at komme igennem.",
    "{P} er vred og ked af det og siger, at {p} har mistet tilliden til kommunen.",
    "{P} har svært ved at læse og beder om, at vi ringer.",
    "Klagefristen udløber om få dage.",
    "{P} har tidligere klaget uden at få svar.",
    "{P} har kopi af alle breve i sagen.",
    "Sagen har varet længe, og der har været mange skift af sagsbehandler.",
    "{P} er flyttet til kommunen for nylig.",
    "{P} taler kun lidt dansk, og en ven tolker under samtalen.",
    "{G} datter hjælper {o} med breve og mails.",
    "{P} har ikke råd til en advokat.",
};

// What the citizen asks for, by reason code.
struct Ask {
  Reason reason;
  const char* texts;
};

constexpr Ask kAsks[] = {
    {Reason::kForstaa,
     "{P} vil gerne have afgørelsen forklaret i et almindeligt sprog.|{P} beder om hjælp til at "
     "forstå, hvad brevet betyder, og om {p} skal gøre noget.|{P} spørger, om afgørelsen er "
     "rigtig, og hvad {p} kan gøre."},
    {Reason::kKlage,
     "{P} ønsker at klage og vil vide, hvordan og til hvem.|{P} vil gerne have hjælp til at skrive "
     "en klage inden fristen.|{P} ønsker, at borgerrådgiveren ser på, om sagen er behandlet "
     "korrekt."},
    {Reason::kKontakt,
     "{P} beder om hjælp til at komme i kontakt med den rette sagsbehandler.|{P} ønsker, at "
     "borgerrådgiveren kontakter forvaltningen, så der kommer gang i sagen."},
    {Reason::kHjaelp,
     "{P} ønsker hjælp til at komme videre og ved ikke, hvad {p} skal søge om.|{P} beder om hjælp "
     "til at finde ud af, hvad {p} har krav på."},
    {Reason::kHoert,
     "{P} føler sig ikke hørt og ønsker et møde, hvor {g} synspunkter kommer frem.|{P} vil gerne "
     "have, at forvaltningen lytter til {g} egen beskrivelse af situationen."},
    {Reason::kAndet,
     "{P} vil høre, om borgerrådgiveren kan hjælpe.|{P} ønsker en generel vejledning."},
};

// Weights of the reasons when one is drawn without regard to the scenario.
constexpr std::pair<const char*, int> kReasonMix[] = {
    {"forstaa", 30}, {"klage", 30}, {"kontakt", 15}, {"hjaelp", 12}, {"hoert", 8}, {"andet", 5}};

// Criticism findings ("... finder det kritisabelt, at {finding}").
constexpr const char* kFindings[] = {
    "der ikke er foretaget partshøring før afgørelsen",
    "afgørelsen ikke indeholder klagevejledning",
    "sagsbehandlingstiden er overskredet, uden at borgeren er blevet orienteret",
    "borgerens henvendelser ikke er blevet besvaret",
    "begrundelsen ikke forklarer, hvilke regler afgørelsen bygger på",
    "oplysninger fra telefonsamtaler ikke er noteret i sagen",
};

// ---------------------------------------------------------------------------------------------
// Journal texts. A phase is one step of a case's story; each lists alternative entries.

struct Step {
  JournalKind kind;
  const char* texts;
};
using Phase = std::span<const Step>;

constexpr Step kIntake[] = {
    {JournalKind::kLetterIn,
     "Modtaget kopi af afgørelsen og den seneste korrespondance med {dept}.|Borgeren har "
     "eftersendt de breve, {p} har fået i sagen.|Modtaget brev fra borgeren med en håndskrevet "
     "beskrivelse af forløbet."},
    {JournalKind::kNote,
     "Henvendelsen registreret. Borgeren ønsker at blive ringet op, helst om formiddagen.|"
     "Henvendelsen registreret og fordelt. Borgerens breve er vedhæftet."},
};
constexpr Step kFirstContact[] = {
    {JournalKind::kCall,
     "Ringet til borgeren og gennemgået forløbet i sagen om {topic}. Aftalt, at {p} sender de "
     "relevante breve.|Telefonsamtale med borgeren (ca. 25 min.). {P} fortalte om {topic} og om, "
     "hvad {p} har prøvet indtil nu."},
    {JournalKind::kEmail,
     "Mail til borgeren med kvittering for henvendelsen og tilbud om en telefonsamtale."},
    {JournalKind::kLetterOut,
     "Brev til borgeren med kvittering og en kort beskrivelse af, hvad borgerrådgiveren kan "
     "hjælpe med."},
};
constexpr Step kReview[] = {
    {JournalKind::kNote,
     "Gennemlæst afgørelsen. Den er begrundet og har klagevejledning; klagefristen er fire uger "
     "fra modtagelsen.|Gennemgået sagens akter. Afgørelsen henviser til de rigtige regler, men "
     "begrundelsen er svær at forstå uden juridisk baggrund.|Læst brevene fra {dept} igennem. "
     "Der mangler en klar oplysning om, hvornår borgeren kan forvente svar."},
};
constexpr Step kExplain[] = {
    {JournalKind::kCall,
     "Ringet til borgeren og forklaret afgørelsen i et almindeligt sprog: hvad den betyder, og "
     "hvad {p} kan gøre nu.|Forklaret borgeren reglerne og muligheden for at klage. Klagen "
     "sendes til {dept}, som genvurderer sagen, før den eventuelt går videre til "
     "Ankestyrelsen."},
    {JournalKind::kMeeting,
     "Møde i rådgivningen. Gennemgået afgørelsen linje for linje og svaret på borgerens "
     "spørgsmål."},
};
constexpr Step kHelpComplaint[] = {
    {JournalKind::kMeeting,
     "Møde med borgeren: hjulpet med at skrive en klage over {topic}. Klagen er sendt til {dept} "
     "inden fristen."},
    {JournalKind::kLetterOut,
     "Sendt borgeren et udkast til klage over {topic}, som {p} kan rette til og sende til {dept}."},
};
constexpr Step kContactDept[] = {
    {JournalKind::kEmail,
     "Med borgerens samtykke skrevet til {dept} og bedt om en status på sagen og en forventet "
     "svardato.|Mail til {dept} med borgerens samtykke: beder om en redegørelse for sagsforløbet "
     "og kopi af sagens akter."},
    {JournalKind::kCall,
     "Ringet til teamlederen i {dept} med borgerens samtykke og forklaret, at borgeren ikke har "
     "kunnet komme i kontakt med sin sagsbehandler."},
};
constexpr Step kDeptAnswer[] = {
    {JournalKind::kNote,
     "Svar fra {dept}: sagen er fordelt til en ny sagsbehandler, som kontakter borgeren inden for "
     "en uge.|{Dept} oplyser, at sagen genvurderes, og at borgeren får svar inden udgangen af "
     "måneden.|{Dept} beklager den lange sagsbehandlingstid. Afgørelsen forventes inden for 14 "
     "dage."},
    {JournalKind::kLetterIn, "Redegørelse modtaget fra {dept} med kopi af sagens akter."},
};
constexpr Step kTellCitizen[] = {
    {JournalKind::kCall,
     "Ringet til borgeren og fortalt om svaret fra {dept}. {P} er tilfreds med, at der er kommet "
     "gang i sagen.|Orienteret borgeren om aftalen med {dept}; {p} ringer, hvis der ikke sker "
     "noget."},
};
constexpr Step kAskCitizen[] = {
    {JournalKind::kEmail,
     "Bedt borgeren om at sende kopi af afgørelsen, så vi kan læse den igennem."},
    {JournalKind::kLetterOut,
     "Brev til borgeren: vi mangler en underskrevet samtykkeerklæring, før vi kan kontakte "
     "{dept}."},
    {JournalKind::kCall, "Ringet til borgeren uden svar; lagt besked om at ringe tilbage."},
};
constexpr Step kSignpost[] = {
    {JournalKind::kCall,
     "Vejvist borgeren til {dept} med direkte nummer og telefontid. Borgeren ringer selv.|"
     "Forklaret borgeren, hvor {p} skal henvende sig, og hvad {p} skal have med."},
};
constexpr Step kMediationPlan[] = {
    {JournalKind::kNote, "Aftalt et fælles møde med borgeren og {dept} om to uger."},
};
constexpr Step kMediation[] = {
    {JournalKind::kMeeting,
     "Mæglingsmøde med borgeren og {dept}. Parterne fik talt misforståelserne igennem og aftalte "
     "en plan med en fast kontaktperson.|Møde med borgeren, sagsbehandleren og teamlederen fra "
     "{dept}. Borgeren fik forklaret sin situation, og der er aftalt opfølgning om en måned."},
};
constexpr Step kCriticismReview[] = {
    {JournalKind::kNote, "Gennemgået sagsforløbet. Det fremgår, at {finding}."},
};
constexpr Step kCriticism[] = {
    {JournalKind::kLetterOut,
     "Udtalelse sendt til {dept}: borgerrådgiveren finder det kritisabelt, at {finding}, og "
     "henstiller, at praksis ændres. Kopi til borgeren."},
};
constexpr Step kNoCriticismReview[] = {
    {JournalKind::kNote,
     "Gennemgået sagsforløbet. Afgørelsen er truffet inden for fristen, begrundet og med "
     "klagevejledning."},
};
constexpr Step kNoCriticism[] = {
    {JournalKind::kLetterOut,
     "Brev til borgeren: sagen er behandlet efter reglerne, og der er ikke grundlag for kritik af "
     "{dept}. Vejledt om klagemuligheden."},
};
constexpr Step kRejectCall[] = {
    {JournalKind::kCall,
     "Forklaret borgeren, at borgerrådgiveren ikke kan behandle sagen. Henvist til {referral}."},
};
constexpr Step kRejectLetter[] = {
    {JournalKind::kLetterOut,
     "Brev til borgeren med begrundelse for afvisningen og henvisning til {referral}."},
};
constexpr Step kClosing[] = {
    {JournalKind::kLetterOut, "Afsluttende brev til borgeren med en opsummering af vejledningen."},
    {JournalKind::kCall, "Ringet til borgeren og afsluttet sagen efter aftale."},
    {JournalKind::kEmail, "Mail til borgeren med henvisning til reglerne og klagefristen."},
};

// The story a case tells, from its final state.
std::vector<Phase> story(CaseStatus status, std::optional<Outcome> outcome, bool complaint) {
  switch (status) {
    case CaseStatus::kNy: return {kIntake};
    case CaseStatus::kIGang: return {kIntake, kFirstContact, kReview};
    case CaseStatus::kAfventerForvaltning: return {kIntake, kFirstContact, kContactDept};
    case CaseStatus::kAfventerBorger: return {kIntake, kFirstContact, kAskCitizen};
    case CaseStatus::kAfsluttet: break;
  }
  switch (outcome.value_or(Outcome::kVejledning)) {
    case Outcome::kAfvist: return {kIntake, kRejectCall, kRejectLetter};
    case Outcome::kVejvisning: return {kIntake, kSignpost, kClosing};
    case Outcome::kFormidling:
      return {kIntake, kFirstContact, kContactDept, kDeptAnswer, kTellCitizen};
    case Outcome::kMaegling:
      return {kIntake, kFirstContact, kContactDept, kMediationPlan, kMediation, kClosing};
    case Outcome::kKritik:
      return {kIntake, kFirstContact, kContactDept, kDeptAnswer, kCriticismReview, kCriticism};
    case Outcome::kIngenKritik:
      return {kIntake, kFirstContact, kContactDept, kDeptAnswer, kNoCriticismReview, kNoCriticism};
    case Outcome::kVejledning: break;
  }
  if (complaint) return {kIntake, kFirstContact, kReview, kExplain, kHelpComplaint, kClosing};
  return {kIntake, kFirstContact, kReview, kExplain, kClosing};
}

// ---------------------------------------------------------------------------------------------
// Building one case

struct Context {
  Date today;
  int span_days = 730;
  bool with_journal = true;
  const MunicipalitySettings* settings = nullptr;
  std::string town;  // "4700 Holmstrup"
};

struct Fate {
  CaseStatus status = CaseStatus::kNy;
  std::optional<Outcome> outcome;
  int end = 0;  // day of the final patch, after received
};

template <typename T, size_t N>
const T& pick(Dice& dice, const T (&items)[N]) {
  return dice.pick(std::span<const T>(items, N));
}

// More inquiries on working days (most on Mondays), fewer in July and December.
Date pick_received(Dice& dice, const Date& today, int span_days) {
  static constexpr int kMonthWeight[12] = {110, 105, 105, 95, 100, 95, 55, 85, 110, 105, 105, 75};
  for (;;) {
    const Date d = today.plus_days(-dice.below(span_days));
    const unsigned wd = d.iso_weekday();
    const int day_weight = !is_working_day(d) ? 8 : wd == 1 ? 120 : wd == 5 ? 85 : 100;
    if (dice.below(120 * 110) < day_weight * kMonthWeight[d.month() - 1]) return d;
  }
}

std::string ascii_lower(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == 0xC3 && i + 1 < name.size()) {
      const unsigned char n = static_cast<unsigned char>(name[++i]);
      // æ/Æ, ø/Ø, å/Å; any other Latin-1 letter (é, ü, ...) becomes a plain 'e'.
      out += (n == 0xA6 || n == 0x86)   ? "ae"
             : (n == 0xB8 || n == 0x98) ? "oe"
             : (n == 0xA5 || n == 0x85) ? "aa"
                                        : "e";
    } else if (std::isalpha(c)) {
      out += static_cast<char>(std::tolower(c));
    }
  }
  return out;
}

std::string two_digits(Dice& dice) {
  const int n = dice.below(100);
  return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

// An invented CPR number: a real birth date, a century digit that fits it, and a check sum that
// fails modulus 11 on purpose (see the top of the file).
std::string made_up_cpr(Dice& dice, const Date& today) {
  const int year = today.year() - dice.between(18, 92);
  const int month = dice.between(1, 12), day = dice.between(1, 28), yy = year % 100;
  const int seventh = year < 2000 ? dice.between(0, 3) : yy <= 36 ? 4 : 5;
  int d[10] = {day / 10, day % 10, month / 10,     month % 10,     yy / 10,
               yy % 10,  seventh,  dice.below(10), dice.below(10), dice.below(10)};
  static constexpr int kWeights[10] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += d[i] * kWeights[i];
  if (sum % 11 == 0) d[9] = (d[9] + 1) % 10;
  std::string out;
  for (int i = 0; i < 10; ++i) {
    if (i == 6 && dice.chance(50)) out += '-';
    out += static_cast<char>('0' + d[i]);
  }
  return out;
}

struct Person {
  Citizen citizen;
  bool female = false;
};

Person make_person(Dice& dice, const Context& ctx, Channel channel) {
  Person p;
  p.female = dice.chance(55);
  const std::string first = p.female ? pick(dice, kFemaleNames) : pick(dice, kMaleNames);
  const std::string last = pick(dice, kLastNames);
  Citizen& c = p.citizen;
  // One draw per statement: the order in which operands of + are evaluated is unspecified,
  // and the output must not depend on the compiler.
  c.name = first + " ";
  if (dice.chance(15)) c.name += std::string(pick(dice, kMiddleNames)) + " ";
  c.name += last;
  c.address = std::string(pick(dice, kStreets)) + " ";
  c.address += std::to_string(dice.between(1, 120));
  if (dice.chance(30)) c.address += std::string(", ") + pick(dice, kApartments);
  c.address += ", ";
  c.address += dice.chance(65) ? ctx.town : std::string(pick(dice, kVillages));
  if (dice.chance(92)) {
    c.phone = pick(dice, kMobilePrefixes);
    for (int i = 0; i < 3; ++i) c.phone += " " + two_digits(dice);
  }
  const bool writes = channel == Channel::kEmail || channel == Channel::kWebformular;
  if (dice.chance(writes ? 95 : 25)) {
    c.email = ascii_lower(first) + "." + ascii_lower(last);
    if (dice.chance(40)) c.email += std::to_string(dice.between(1, 99));
    c.email += std::string("@") + pick(dice, kEmailDomains);
  }
  if (dice.chance(20)) c.cpr = made_up_cpr(dice, ctx.today);
  if (dice.chance(12)) c.needs = pick(dice, kNeeds);
  if (c.needs.rfind("ordblind", 0) == 0) {
    c.preferred_contact = "telefon";
  } else if (dice.chance(25)) {
    c.preferred_contact = to_code(channel);
  }
  return p;
}

Vars person_vars(const Person& p) {
  return {{"p", p.female ? "hun" : "han"},
          {"P", p.female ? "Hun" : "Han"},
          {"o", p.female ? "hende" : "ham"},
          {"g", p.female ? "hendes" : "hans"},
          {"G", p.female ? "Hendes" : "Hans"}};
}

// What a case is about; `rejection` is set when it lies outside the advisor's remit.
struct Topic {
  const Scenario* scenario = nullptr;
  const Rejection* rejection = nullptr;
};

Topic pick_topic(Dice& dice, bool out_of_remit) {
  std::vector<int> weights;
  if (out_of_remit) {
    for (const auto& r : kRejections) weights.push_back(r.scenario.weight);
    const Rejection& r = kRejections[dice.weighted(weights)];
    return {&r.scenario, &r};
  }
  for (const auto& s : kScenarios) weights.push_back(s.weight);
  return {&kScenarios[dice.weighted(weights)], nullptr};
}

Channel pick_channel(Dice& dice) {
  std::vector<int> weights;
  for (const auto& c : kChannels) weights.push_back(c.weight);
  return kChannels[dice.weighted(weights)].channel;
}

const char* openers_for(Channel channel) {
  for (const auto& c : kChannels) {
    if (c.channel == channel) return c.openers;
  }
  return "";
}

std::vector<std::string> pick_reasons(Dice& dice, const Scenario& s) {
  const std::vector<std::string> fitting = words(s.reasons);
  std::vector<std::string> out{dice.chance(60) ? fitting.front()
                                               : dice.pick(std::span<const std::string>(fitting))};
  if (!dice.chance(30)) return out;
  std::string second;
  if (fitting.size() > 1 && dice.chance(60)) {
    second = dice.pick(std::span<const std::string>(fitting));
  } else {
    std::vector<int> weights;
    for (const auto& r : kReasonMix) weights.push_back(r.second);
    second = kReasonMix[dice.weighted(weights)].first;
  }
  if (second != out.front()) out.push_back(second);
  return out;
}

std::string known_or_any(Dice& dice, const std::string& name,
                         const MunicipalitySettings& settings) {
  if (settings.has_department(name)) return name;
  return dice.pick(std::span<const std::string>(settings.departments));
}

std::vector<std::string> pick_departments(Dice& dice, const Scenario& s,
                                          const MunicipalitySettings& settings) {
  if (settings.departments.empty()) return {};
  std::vector<std::string> out{known_or_any(dice, s.department, settings)};
  if (dice.chance(15)) {
    const std::string second = *s.also && dice.chance(70)
                                   ? known_or_any(dice, s.also, settings)
                                   : dice.pick(std::span<const std::string>(settings.departments));
    if (second != out.front()) out.push_back(second);
  }
  return out;
}

std::string compose_summary(Dice& dice, const Scenario& s, Channel channel, Reason reason,
                            const Vars& vars) {
  std::vector<std::string_view> parts{variant(dice, openers_for(channel)),
                                      variant(dice, s.situations)};
  if (dice.chance(55)) parts.push_back(pick(dice, kDetails));
  for (const auto& a : kAsks) {
    if (a.reason == reason) parts.push_back(variant(dice, a.texts));
  }
  std::string text;
  for (auto part : parts) {
    if (part.empty()) continue;
    if (!text.empty()) text += ' ';
    text += part;
  }
  return fill(text, vars);
}

int duration_for(Dice& dice, Outcome outcome) {
  switch (outcome) {
    case Outcome::kVejvisning: return dice.between(0, 2);
    case Outcome::kAfvist: return dice.between(0, 3);
    case Outcome::kVejledning: return dice.between(0, dice.between(2, 25));
    case Outcome::kFormidling: return dice.between(4, 45);
    case Outcome::kMaegling: return dice.between(14, 70);
    case Outcome::kKritik:
    case Outcome::kIngenKritik: return dice.between(21, 120);
  }
  return 0;
}

Fate open_fate(Dice& dice, int age) {
  if (age <= 10 && dice.chance(age <= 2 ? 70 : 25)) {
    return {CaseStatus::kNy, std::nullopt, std::min(age, 2)};
  }
  static constexpr CaseStatus kOpen[] = {CaseStatus::kIGang, CaseStatus::kAfventerForvaltning,
                                         CaseStatus::kAfventerBorger};
  const CaseStatus status = kOpen[dice.weighted({40, 35, 25})];
  return {status, std::nullopt, dice.between(0, std::min(age, 14))};
}

// Old cases are mostly closed; recent ones spread over the open states.
Fate decide_fate(Dice& dice, int age, bool rejected) {
  if (rejected) {
    if (age == 0 && dice.chance(40)) return {CaseStatus::kNy, std::nullopt, 0};
    return {CaseStatus::kAfsluttet, Outcome::kAfvist,
            std::min(age, duration_for(dice, Outcome::kAfvist))};
  }
  static constexpr Outcome kOutcomes[] = {Outcome::kVejledning,  Outcome::kVejvisning,
                                          Outcome::kFormidling,  Outcome::kKritik,
                                          Outcome::kIngenKritik, Outcome::kMaegling};
  const Outcome outcome = kOutcomes[dice.weighted({44, 21, 15, 6, 5, 4})];
  const int duration = duration_for(dice, outcome);
  if (duration <= age && dice.chance(age > 60 ? 96 : std::min(90, 35 + age))) {
    return {CaseStatus::kAfsluttet, outcome, duration};
  }
  return open_fate(dice, age);
}

// The day of the story's phase `k` of `n`: the intake on the first day, the first contact within
// a few days, the rest spread towards `end`, where the last phase falls.
int phase_day(Dice& dice, size_t k, size_t n, int end) {
  if (k == 0) return dice.between(0, std::min(end, 1));
  if (k == 1 && n > 2) return dice.between(0, std::min(end, 4));
  if (k + 1 == n) return end;
  const int target = end * static_cast<int>(k - 1) / static_cast<int>(n - 2);
  return dice.between(target * 3 / 4, target);
}

std::vector<DemoJournal> make_journal(Dice& dice, const Fate& fate, bool complaint,
                                      const Vars& vars) {
  const std::vector<Phase> phases = story(fate.status, fate.outcome, complaint);
  std::vector<size_t> kept(phases.size());
  for (size_t k = 0; k < kept.size(); ++k) kept[k] = k;
  static constexpr int kCountWeights[] = {8, 17, 25, 22, 16, 12};  // 0..5 entries
  const size_t wanted = std::min(dice.weighted(kCountWeights), kept.size());
  while (kept.size() > wanted) {
    // Drop any phase but the last, which carries the case's final state.
    const int keep_last = wanted > 0 ? 1 : 0;
    kept.erase(kept.begin() + dice.below(static_cast<int>(kept.size()) - keep_last));
  }
  std::vector<DemoJournal> out;
  int day = 0;
  for (size_t k : kept) {
    day = std::max(day, phase_day(dice, k, phases.size(), fate.end));
    const Step& step = dice.pick(phases[k]);
    out.push_back({step.kind, fill(variant(dice, step.texts), vars), day});
  }
  return out;
}

bool needs_consent(const Fate& fate) {
  if (fate.status == CaseStatus::kAfventerForvaltning) return true;
  if (!fate.outcome) return false;
  return *fate.outcome == Outcome::kFormidling || *fate.outcome == Outcome::kMaegling ||
         *fate.outcome == Outcome::kKritik || *fate.outcome == Outcome::kIngenKritik;
}

int minutes_for(Dice& dice, const Fate& fate) {
  switch (fate.outcome.value_or(Outcome::kVejledning)) {
    case Outcome::kAfvist:
    case Outcome::kVejvisning: return dice.between(5, 30);
    case Outcome::kVejledning: return dice.between(20, 120);
    case Outcome::kFormidling: return dice.between(45, 240);
    case Outcome::kMaegling: return dice.between(120, 480);
    case Outcome::kKritik:
    case Outcome::kIngenKritik: return dice.between(180, 900);
  }
  return 30;
}

// The final patch. The first response is the first outgoing journal entry, or a day early on.
CasePatch make_patch(Dice& dice, const Fate& fate, const DemoCase& c, const Date& received,
                     const Rejection* rejection) {
  CasePatch patch;
  if (fate.status == CaseStatus::kNy) return patch;
  int first_response = dice.between(0, std::min(fate.end, 5));
  for (const auto& j : c.journal) {
    if (counts_as_response(j.kind)) {
      first_response = j.day_offset;
      break;
    }
  }
  patch.status = to_code(fate.status);
  patch.first_response_on = received.plus_days(first_response).iso();
  patch.add_minutes = minutes_for(dice, fate);
  if (fate.outcome) patch.outcome = to_code(*fate.outcome);
  if (rejection) {
    patch.rejection_reason = rejection->reason;
    patch.referral = rejection->referral;
  }
  const bool guidance = fate.outcome == Outcome::kVejledning;
  if (c.draft.consent != "given" && (needs_consent(fate) || (guidance && dice.chance(15)))) {
    patch.consent = "given";
    patch.consent_form = dice.chance(70) ? "oral" : "written";
    patch.consent_date = received.plus_days(first_response).iso();
  }
  return patch;
}

int pick_assignee(Dice& dice, CaseStatus status) {
  const int unassigned_percent = status == CaseStatus::kNy          ? 45
                                 : status == CaseStatus::kAfsluttet ? 0
                                                                    : 8;
  if (dice.chance(unassigned_percent)) return -1;
  return dice.chance(60) ? 0 : 1;
}

std::string department_phrase(const std::vector<std::string>& departments, bool capital) {
  if (departments.empty() || departments.front() == "Andet") {
    return capital ? "Forvaltningen" : "forvaltningen";
  }
  return departments.front();
}

DemoCase make_case(Dice& dice, const Context& ctx) {
  const MunicipalitySettings& settings = *ctx.settings;
  DemoCase c;
  const Date received = pick_received(dice, ctx.today, ctx.span_days);
  const Topic topic = pick_topic(dice, dice.chance(10));
  const Scenario& scenario = *topic.scenario;
  const Rejection* rejection = topic.rejection;
  const Channel channel = pick_channel(dice);
  const Person person = make_person(dice, ctx, channel);

  CaseDraft& d = c.draft;
  d.received = received.iso();
  d.channel = to_code(channel);
  d.reasons = pick_reasons(dice, scenario);
  d.departments = pick_departments(dice, scenario, settings);
  d.citizen = person.citizen;
  if (channel == Channel::kWebformular && dice.chance(35)) {
    d.consent = "given";
    d.consent_form = "written";
  }

  Vars vars = person_vars(person);
  vars.emplace_back("m", std::to_string(dice.between(2, 6)));
  vars.emplace_back("w", std::to_string(dice.between(4, 16)));
  const int thousands = dice.between(2, 48);
  const int hundreds = dice.between(1, 9);
  vars.emplace_back("kr", std::to_string(thousands) + "." + std::to_string(hundreds) + "00");
  vars.emplace_back("dept", department_phrase(d.departments, false));
  vars.emplace_back("Dept", department_phrase(d.departments, true));
  vars.emplace_back("topic", scenario.topic);
  vars.emplace_back("referral", rejection ? rejection->referral : "");
  vars.emplace_back("finding", pick(dice, kFindings));
  d.summary =
      compose_summary(dice, scenario, channel, *parse_code<Reason>(d.reasons.front()), vars);

  const Fate fate = decide_fate(dice, received.days_until(ctx.today), rejection != nullptr);
  const bool complaint = std::find(d.reasons.begin(), d.reasons.end(), "klage") != d.reasons.end();
  if (ctx.with_journal) c.journal = make_journal(dice, fate, complaint, vars);
  c.final_patch = make_patch(dice, fate, c, received, rejection);
  c.close_day_offset = fate.end;
  c.assignee_index = pick_assignee(dice, fate.status);
  return c;
}

// "Holmstrup Kommune" -> "4700 Holmstrup".
std::string main_town(const MunicipalitySettings& settings) {
  std::string name = settings.municipality;
  const std::string suffix = " Kommune";
  if (name.size() > suffix.size() &&
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    name.resize(name.size() - suffix.size());
  }
  if (name.empty() || name == "Kommunen") name = "Holmstrup";
  return "4700 " + name;
}

// ---------------------------------------------------------------------------------------------
// Loading

bool patch_has_changes(const CasePatch& p) {
  return p.status || p.outcome || p.reasons || p.departments || p.assignee_id || p.consent ||
         p.consent_form || p.consent_date || p.rejection_reason || p.referral || p.summary ||
         p.first_response_on || p.add_minutes || p.citizen || !p.reopen_note.empty();
}

// One write to replay: step -1 creates the case, 0..n-1 are journal entries, n is the patch.
struct Event {
  Instant at;
  size_t case_index;
  int step;
};

// Instants in office hours (from 07:00 UTC, i.e. 08:00 or 09:00 in Copenhagen), strictly after
// the previous write of the same case, and never later than `limit` on limit's own day.
class Timeline {
 public:
  explicit Timeline(Instant limit) : limit_(limit), limit_day_(copenhagen_date(limit)) {}

  Instant next(const Date& day, int minute_of_day, std::optional<Instant> previous) {
    Instant t = Instant{day.days()} + std::chrono::minutes(7 * 60 + minute_of_day % 420);
    if (previous && t <= *previous) t = *previous + std::chrono::minutes(13);
    if (t > limit_ && day <= limit_day_) t = std::max(limit_, previous.value_or(limit_));
    return t;
  }

 private:
  Instant limit_;
  Date limit_day_;
};

void add_events(const DemoCase& c, size_t index, const Date& received, Timeline& timeline,
                std::vector<Event>& events) {
  const int salt = static_cast<int>(index % 997);
  Instant t = timeline.next(received, salt * 37, std::nullopt);
  events.push_back({t, index, -1});
  for (size_t j = 0; j < c.journal.size(); ++j) {
    t = timeline.next(received.plus_days(c.journal[j].day_offset),
                      salt * 53 + static_cast<int>(j) * 97, t);
    events.push_back({t, index, static_cast<int>(j)});
  }
  if (patch_has_changes(c.final_patch)) {
    t = timeline.next(received.plus_days(c.close_day_offset), salt * 71 + 200, t);
    events.push_back({t, index, static_cast<int>(c.journal.size())});
  }
}

Actor actor_for(const DemoCase& c, const std::vector<User>& advisors) {
  if (c.assignee_index < 0 || advisors.empty()) return Actor::system();
  const User& u = advisors[static_cast<size_t>(c.assignee_index) % advisors.size()];
  return Actor{u.id, u.name, Role::kAdvisor, "127.0.0.1"};
}

struct Loading {
  Date received;
  Actor actor;
  std::optional<int64_t> id;
  std::string number;
  bool failed = false;
};

void warn(size_t index, const Loading& l, const char* what, const Error& e) {
  // Names only the case and the error key: never case text or CPR.
  spdlog::warn("demo: case #{} {} {} failed: {}{}{}", index, l.number, what, e.message,
               e.fields.empty() ? "" : " at ", e.fields.empty() ? "" : e.fields.begin()->first);
}

void fail(size_t index, Loading& l, const char* what, const Error& e) {
  warn(index, l, what, e);
  l.failed = true;
}

void create_case(Store& store, const DemoCase& c, size_t index, Loading& l,
                 const MunicipalitySettings& settings, const std::vector<User>& advisors) {
  auto valid = validate_new_case(c.draft, settings, l.received);
  if (!valid) return fail(index, l, "validation", valid.error());
  Case draft = *valid;
  if (c.assignee_index >= 0 && !advisors.empty()) {
    draft.assignee_id = advisors[static_cast<size_t>(c.assignee_index) % advisors.size()].id;
  }
  auto created = store.cases().create(draft, l.actor);
  if (!created) return fail(index, l, "create", created.error());
  l.id = created->id;
  l.number = created->number;
}

// Re-reads the case first: a journal entry may have bumped its version.
void apply_final_patch(Store& store, const DemoCase& c, size_t index, Loading& l,
                       const MunicipalitySettings& settings) {
  auto current = store.cases().get(*l.id, l.actor);
  if (!current) return fail(index, l, "read", current.error());
  const Date day = l.received.plus_days(c.close_day_offset);
  auto update = apply_patch(*current, c.final_patch, settings, day, true);
  if (!update) return fail(index, l, "patch", update.error());
  auto saved = store.cases().update(*update, l.actor);
  if (!saved) return fail(index, l, "update", saved.error());
}

}  // namespace

std::vector<DemoCase> make_demo_cases(const DemoOptions& options,
                                      const MunicipalitySettings& settings) {
  Dice dice(options.seed);
  Context ctx;
  ctx.today = options.today;
  const int years = std::max(1, options.years);
  ctx.span_days = 365 * years + years / 4;
  ctx.with_journal = options.with_journal;
  ctx.settings = &settings;
  ctx.town = main_town(settings);
  std::vector<DemoCase> cases;
  cases.reserve(static_cast<size_t>(std::max(0, options.count)));
  for (int i = 0; i < options.count; ++i) cases.push_back(make_case(dice, ctx));
  // Oldest first, so case numbers run in order of receipt.
  std::stable_sort(cases.begin(), cases.end(), [](const DemoCase& a, const DemoCase& b) {
    return a.draft.received < b.draft.received;
  });
  return cases;
}

int load_demo_cases(Store& store, FixedClock& clock, const std::vector<DemoCase>& cases,
                    const MunicipalitySettings& settings, const std::vector<User>& advisors) {
  const Instant started = clock.now();
  Timeline timeline(started);
  std::vector<Loading> loading(cases.size());
  std::vector<Event> events;
  for (size_t i = 0; i < cases.size(); ++i) {
    auto received = Date::parse_iso(cases[i].draft.received);
    if (!received) {
      loading[i].failed = true;
      spdlog::warn("demo: case #{} has no valid received date; skipped", i);
      continue;
    }
    loading[i].received = *received;
    loading[i].actor = actor_for(cases[i], advisors);
    add_events(cases[i], i, *received, timeline, events);
  }
  // Replay all writes in time order, so the audit log reads like a lived-in office.
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return std::tie(a.at, a.case_index, a.step) < std::tie(b.at, b.case_index, b.step);
  });
  for (const Event& e : events) {
    Loading& l = loading[e.case_index];
    const DemoCase& c = cases[e.case_index];
    if (l.failed) continue;
    clock.set(e.at);
    if (e.step < 0) {
      create_case(store, c, e.case_index, l, settings, advisors);
    } else if (static_cast<size_t>(e.step) < c.journal.size()) {
      JournalEntry entry;
      entry.kind = c.journal[static_cast<size_t>(e.step)].kind;
      entry.text = c.journal[static_cast<size_t>(e.step)].text;
      auto added = store.journal().append(*l.id, entry, l.actor);
      if (!added) warn(e.case_index, l, "journal", added.error());
    } else {
      apply_final_patch(store, c, e.case_index, l, settings);
    }
  }
  clock.set(started);
  const int written = static_cast<int>(std::count_if(
      loading.begin(), loading.end(), [](const Loading& l) { return l.id && !l.failed; }));
  spdlog::info("demo: wrote {} of {} cases", written, cases.size());
  return written;
}

int bulk_load_cases(Store& store, const std::vector<DemoCase>& cases, const MunicipalitySettings& settings,
                    const std::vector<User>& advisors, uint32_t seed, size_t batch) {
  std::mt19937 rng(seed ^ 0x5eedu);
  const auto& themes = default_themes();
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  int written = 0;
  std::vector<NewCase> pending;
  auto flush = [&]() {
    if (pending.empty()) return true;
    auto ids = store.cases().create_many(pending, Actor::system());
    if (!ids) {
      spdlog::error("generate: a batch of {} cases was refused: {}", pending.size(), ids.error().message);
      return false;
    }
    written += static_cast<int>(ids->size());
    pending.clear();
    return true;
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const DemoCase& dc = cases[i];
    auto received = Date::parse_iso(dc.draft.received);
    if (!received) continue;
    auto valid = validate_new_case(dc.draft, settings, *received);
    if (!valid) {
      spdlog::warn("generate: case #{} is not valid ({}); skipped", i, valid.error().message);
      continue;
    }
    Case c = *valid;
    if (dc.assignee_index >= 0 && !advisors.empty()) {
      c.assignee_id = advisors[static_cast<size_t>(dc.assignee_index) % advisors.size()].id;
    }
    NewCase nc;
    for (const auto& j : dc.journal) {
      nc.notes.emplace_back(j.kind, j.text);
      if (!c.first_response_on && counts_as_response(j.kind)) c.first_response_on = received->plus_days(j.day_offset);
    }
    auto final_state = apply_patch(c, dc.final_patch, settings, received->plus_days(dc.close_day_offset), true);
    if (final_state) c = final_state->updated;
    if (!c.first_response_on && c.closed_on) c.first_response_on = *c.closed_on;
    nc.c = std::move(c);
    if (!nc.c.departments.empty() && pick(3) == 0) {
      const size_t n = 1 + pick(2);
      for (size_t k = 0; k < n; ++k) {
        CaseTheme t;
        t.theme = themes[pick(themes.size())];
        t.department = nc.c.departments[pick(nc.c.departments.size())];
        t.source = "manual";
        t.criticism = pick(8) == 0;
        if (t.criticism) t.criticism_text = "Kritik af sagsbehandlingen.";
        nc.themes.push_back(std::move(t));
      }
    }
    pending.push_back(std::move(nc));
    if (pending.size() >= batch && !flush()) return written;
  }
  flush();
  return written;
}

std::vector<std::string> network_departments(const std::vector<std::string>& base, int municipalities) {
  if (municipalities <= 1) return base;
  static const char* const kMunicipalities[] = {
      "Albertslund", "Allerød", "Assens", "Ballerup", "Billund", "Bornholm", "Brøndby", "Brønderslev",
      "Dragør", "Egedal", "Esbjerg", "Fanø", "Favrskov", "Faxe", "Fredensborg", "Fredericia",
      "Frederiksberg", "Frederikshavn", "Frederikssund", "Furesø", "Faaborg-Midtfyn", "Gentofte", "Gladsaxe",
      "Glostrup", "Greve", "Gribskov", "Guldborgsund", "Haderslev", "Halsnæs", "Hedensted", "Helsingør",
      "Herlev", "Herning", "Hillerød", "Hjørring", "Holbæk", "Holstebro", "Horsens", "Hvidovre",
      "Høje-Taastrup", "Hørsholm", "Ikast-Brande", "Ishøj", "Jammerbugt", "Kalundborg", "Kerteminde", "Kolding",
      "København", "Køge", "Langeland", "Lejre", "Lemvig", "Lolland", "Lyngby-Taarbæk", "Læsø",
      "Mariagerfjord", "Middelfart", "Morsø", "Norddjurs", "Nordfyn", "Nyborg", "Næstved", "Odder",
      "Odense", "Odsherred", "Randers", "Rebild", "Ringkøbing-Skjern", "Ringsted", "Roskilde", "Rudersdal",
      "Rødovre", "Samsø", "Silkeborg", "Skanderborg", "Skive", "Slagelse", "Solrød", "Sorø",
      "Stevns", "Struer", "Svendborg", "Syddjurs", "Sønderborg", "Thisted", "Tønder", "Tårnby",
      "Vallensbæk", "Varde", "Vejen", "Vejle", "Vesthimmerland", "Viborg", "Vordingborg", "Ærø",
      "Aabenraa", "Aalborg", "Aarhus"};
  constexpr int kCount = static_cast<int>(std::size(kMunicipalities));
  std::vector<std::string> out;
  for (int m = 0; m < std::min(municipalities, kCount); ++m) {
    for (const auto& d : base) out.push_back(std::string(kMunicipalities[m]) + " · " + d);
  }
  return out;
}

}  // namespace bb::cli
