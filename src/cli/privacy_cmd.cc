#include "cli/privacy_cmd.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <map>

#include "domain/cpr.h"
#include "domain/privacy.h"
#include "store/store.h"
#include "web/case_json.h"
#include "web/systemic_io.h"

namespace bb::cli {

namespace fs = std::filesystem;
using nlohmann::json;

struct PrivacyCommands::Impl {
  const std::string& db;
  const std::string& format;
  bool dry_run = false;
  int years = 0;  // 0: the office's setting
  std::string cpr, name, out, case_number;
  CLI::App *retention_run = nullptr, *export_person = nullptr, *erase_person = nullptr;

  Impl(const std::string& d, const std::string& f) : db(d), format(f) {}

  int run_retention();
  int run_export();
  int run_erase();
  // The person the request is about, from --cpr or --name; prints the problem and returns
  // nullopt when neither or both are given, or the CPR number is malformed.
  std::optional<PersonQuery> person() const;
};

namespace {

// The command line's own actor in the audit log.
Actor cli_actor() { return Actor::system(); }

std::string danish(const Date& d) { return d.danish(); }

// A file name safe in any folder: letters, digits, '.', '-', '_' kept, the rest '_'.
std::string safe_name(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += (std::isalnum(c) || c == '.' || c == '-' || c == '_') ? static_cast<char>(c) : '_';
  if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
  return out.substr(0, 120);
}

std::string hold_text(ErasureHold h) {
  switch (h) {
    case ErasureHold::kDocuments:
      return "sagen har dokumenter, der er modtaget eller sendt (breve, e-mails eller bilag); de er omfattet af "
             "journaliseringspligten (offentlighedslovens § 15)";
    case ErasureHold::kNotes:
      return "sagen har notater om samtaler, møder eller andre oplysninger af betydning for sagen; de er omfattet af "
             "notatpligten (offentlighedslovens § 13)";
    case ErasureHold::kHandled:
      return "sagen er behandlet og afsluttet med et resultat, som skal kunne dokumenteres (journaliseringspligten, "
             "offentlighedslovens § 15)";
    case ErasureHold::kLinked:
      return "sagen indgår i en klagesag, en undersøgelse, en henstilling eller årsberetningen";
  }
  return "";
}

bool write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  f.flush();
  return static_cast<bool>(f);
}

}  // namespace

std::optional<PersonQuery> PrivacyCommands::Impl::person() const {
  if (cpr.empty() == name.empty()) {
    std::cerr << "Angiv enten --cpr eller --name (ikke begge).\n";
    return std::nullopt;
  }
  PersonQuery q;
  if (!cpr.empty()) {
    auto parsed = Cpr::parse(cpr);
    if (!parsed) {
      std::cerr << "--cpr er ikke et gyldigt CPR-nummer (skriv DDMMÅÅ-XXXX eller 10 cifre).\n";
      return std::nullopt;
    }
    q.cpr = parsed->digits();
  } else {
    if (fold_name(name).empty()) {
      std::cerr << "--name er tomt.\n";
      return std::nullopt;
    }
    q.name = name;
  }
  return q;
}

int PrivacyCommands::Impl::run_retention() {
  SystemClock clock;
  auto store = open_store(db, clock);
  const int period = years > 0 ? years : store->settings().load().retention_years;
  const Date today = copenhagen_date(clock.now());
  const Date cutoff = retention_cutoff(today, period);
  const auto due = store->privacy().retention_due(cutoff);
  std::vector<int64_t> ids;
  for (const auto& c : due) ids.push_back(c.id);
  const std::string detail = "years:" + std::to_string(period) + " cutoff:" + cutoff.iso() +
                             " due:" + std::to_string(due.size());

  int64_t done = 0;
  if (dry_run) {
    if (!store->audit().append("retention.dry_run", std::nullopt, detail, cli_actor())) {
      std::cerr << "Revisionsloggen kunne ikke skrives; intet er vist.\n";
      return 1;
    }
  } else {
    const std::string marker = "Anonymiseret " + danish(today) + ": opbevaringsfristen på " + std::to_string(period) +
                               " år efter sagens afslutning er udløbet.";
    auto r = store->privacy().anonymise(ids, marker, "retention.run", detail, cli_actor());
    if (!r) {
      std::cerr << (r.error().code == ErrorCode::kStorageFull
                        ? "Disken er fuld; intet er anonymiseret.\n"
                        : "Anonymiseringen mislykkedes; intet er ændret. Se loggen for årsagen.\n");
      return 1;
    }
    done = *r;
  }

  if (format == "json") {
    json j = {{"dry_run", dry_run}, {"years", period}, {"cutoff", cutoff.iso()}, {"cases", json::array()}};
    for (const auto& c : due) j["cases"].push_back({{"number", c.number}, {"closed_on", c.closed_on.iso()}});
    if (!dry_run) j["anonymised"] = done;
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::cout << "Opbevaringsfrist: " << period << " år. Sager afsluttet før " << danish(cutoff) << ": " << due.size()
            << ".\n";
  for (const auto& c : due) {
    std::cout << "  " << c.number << "  afsluttet " << danish(c.closed_on) << "\n";
  }
  if (dry_run) {
    std::cout << "Prøvekørsel: intet er ændret. Kør uden --dry-run for at anonymisere sagerne.\n";
  } else {
    std::cout << done << " sager er anonymiseret: navn, CPR-nummer, kontaktoplysninger, beskrivelse, journaltekster "
                         "og bilag er fjernet; tallene til statistik og årsberetning er bevaret.\n";
  }
  return 0;
}

int PrivacyCommands::Impl::run_export() {
  const auto q = person();
  if (!q) return 2;
  if (fs::exists(out)) {
    std::cerr << "Mappen findes allerede: " << out << " (vælg en ny, så intet overskrives).\n";
    return 2;
  }
  SystemClock clock;
  auto store = open_store(db, clock);
  const auto settings = store->settings().load();
  const PersonCases found = store->privacy().find_person(*q);
  // Who looked, read before the export's own reads below add to it.
  const auto log = store->privacy().access_log(found.own);

  // Written to a folder beside the target and renamed at the end: no half export.
  const fs::path target(out);
  const fs::path tmp = target.string() + ".tmp" + std::to_string(::getpid());
  std::error_code ec;
  fs::create_directories(tmp / "bilag", ec);
  if (ec) {
    std::cerr << "Kunne ikke oprette " << tmp.string() << ".\n";
    return 1;
  }
  ::chmod(tmp.c_str(), 0700);
  auto fail = [&](const std::string& why) {
    std::cerr << why << " Intet er skrevet.\n";
    fs::remove_all(tmp, ec);
    return 1;
  };

  const Actor actor = cli_actor();
  json cases = json::array();
  size_t journal_entries = 0, attachments = 0;
  std::map<int64_t, std::string> numbers;
  for (int64_t id : found.own) {
    auto rec = store->cases().read_record(id, actor);
    if (!rec) return fail("Sagen med id " + std::to_string(id) + " kunne ikke læses.");
    numbers[id] = rec->c.number;
    json c = web::case_to_json(rec->c, web::CprView::kFull);
    c["journal"] = json::array();
    for (const auto& e : rec->journal) c["journal"].push_back(web::journal_to_json(e));
    journal_entries += rec->journal.size();
    c["themes"] = json::array();
    for (const auto& t : store->cases().themes(id)) c["themes"].push_back(web::to_json(t));
    c["complaints"] = json::array();
    for (const auto& k : store->complaints().for_case(id)) c["complaints"].push_back(web::to_json(k));
    c["attachments"] = json::array();
    for (const auto& a : rec->attachments) {
      auto bytes = store->attachments().read(id, a.id, actor);
      if (!bytes) return fail("Bilag " + std::to_string(a.id) + " i sag " + rec->c.number + " kunne ikke læses.");
      const std::string file = "bilag/" + safe_name(rec->c.number + "_" + std::to_string(a.id) + "_" + a.filename);
      if (!write_file(tmp / file, bytes->second)) return fail("Kunne ikke skrive " + file + ".");
      json aj = web::attachment_to_json(a);
      aj["file"] = file;
      c["attachments"].push_back(aj);
      ++attachments;
    }
    cases.push_back(std::move(c));
  }
  json access = json::array();
  for (const auto& e : log) {
    json a = {{"at", e.at}, {"who", e.actor}, {"action", e.action}};
    if (e.case_id && numbers.count(*e.case_id)) a["case"] = numbers[*e.case_id];
    access.push_back(std::move(a));
  }
  json mentioned = json::array();
  for (const auto& r : store->cases().refs(found.mentioned)) mentioned.push_back(r.number);

  json doc = {
      {"kind", "brobygger.indsigt"},
      {"about",
       "Alt, hvad " + settings.office_name + " i " + settings.municipality +
           " har registreret om personen: sagerne med journal, temaer, klager og bilag, og hvem der har set "
           "sagerne (revisionsloggen: tidspunkt, medarbejder og handling). 'mentioned_in' er andre sager, hvor "
           "personen nævnes; de indeholder andres oplysninger og skal gennemgås, før noget herfra udleveres."},
      {"generated_at", format_utc(clock.now())},
      {"municipality", settings.municipality},
      {"office", settings.office_name},
      {"cases", cases},
      {"access_log", access},
      {"mentioned_in", mentioned}};
  if (!write_file(tmp / "indsigt.json", doc.dump(2) + "\n")) return fail("Kunne ikke skrive indsigt.json.");

  std::string ids;
  for (int64_t id : found.own) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  if (!store->audit().append("person.export", std::nullopt,
                             "cases:" + ids + " mentioned:" + std::to_string(found.mentioned.size()), actor)) {
    return fail("Revisionsloggen kunne ikke skrives.");
  }
  fs::rename(tmp, target, ec);
  if (ec) return fail("Kunne ikke omdøbe " + tmp.string() + " til " + out + ".");

  if (format == "json") {
    std::cout << json{{"out", out},
                      {"cases", found.own.size()},
                      {"journal_entries", journal_entries},
                      {"attachments", attachments},
                      {"access_log_entries", log.size()},
                      {"mentioned_in", mentioned}}
                     .dump()
              << "\n";
    return 0;
  }
  std::cout << "Indsigt skrevet til " << out << ": " << found.own.size() << " sager, " << journal_entries
            << " journalnotater, " << attachments << " bilag og " << log.size() << " poster fra revisionsloggen.\n";
  if (found.own.empty()) std::cout << "Der er ingen sager om personen.\n";
  if (!mentioned.empty()) {
    std::cout << "Personen nævnes også i " << mentioned.size() << " andre sager:";
    for (const auto& n : mentioned) std::cout << " " << n.get<std::string>();
    std::cout << ". De er ikke med i udtrækket: gennemgå dem, før noget udleveres (de indeholder andres oplysninger).\n";
  }
  return 0;
}

int PrivacyCommands::Impl::run_erase() {
  const auto q = person();
  if (!q) return 2;
  SystemClock clock;
  auto store = open_store(db, clock);
  const int period = store->settings().load().retention_years;
  const Date today = copenhagen_date(clock.now());
  const PersonCases found = store->privacy().find_person(*q);
  std::vector<int64_t> ids = found.own;
  if (!case_number.empty()) {
    const auto id = store->cases().id_by_number(case_number);
    if (!id || std::find(ids.begin(), ids.end(), *id) == ids.end()) {
      std::cerr << "Sag " << case_number << " findes ikke, eller den handler ikke om personen.\n";
      return 2;
    }
    ids = {*id};
  }
  const auto refs = store->cases().refs(ids);
  std::map<int64_t, std::string> numbers;
  for (const auto& r : refs) numbers[r.id] = r.number;

  json results = json::array();
  int erased = 0, refused = 0;
  for (int64_t id : ids) {
    auto h = store->privacy().holdings(id);
    if (!h) continue;  // erased meanwhile
    const ErasureDecision d = decide_erasure(*h, today, period);
    json r = {{"number", numbers[id]}, {"erased", false}};
    if (d.allowed) {
      if (!dry_run) {
        if (!store->privacy().erase(id, cli_actor())) {
          std::cerr << "Sag " << numbers[id] << " kunne ikke slettes; den er uændret.\n";
          return 1;
        }
        r["erased"] = true;
      }
      r["allowed"] = true;
      ++erased;
    } else {
      r["allowed"] = false;
      r["reasons"] = json::array();
      for (auto hold : d.holds) r["reasons"].push_back(hold_code(hold));
      if (d.kept_until) r["kept_until"] = d.kept_until->iso();
      ++refused;
    }
    results.push_back(r);

    if (format == "json") continue;
    if (d.allowed) {
      std::cout << "Sag " << numbers[id] << ": " << (dry_run ? "kan slettes (prøvekørsel, intet er slettet)" : "slettet")
                << ".\n";
      continue;
    }
    std::cout << "Sag " << numbers[id] << ": sletning afvist, fordi ";
    for (size_t i = 0; i < d.holds.size(); ++i) {
      std::cout << (i == 0 ? "" : (i + 1 == d.holds.size() ? " og " : "; ")) << hold_text(d.holds[i]);
    }
    std::cout << ". Retten til sletning gælder ikke, når oplysningerne skal opbevares efter lovgivningen "
                 "(databeskyttelsesforordningens art. 17, stk. 3, litra b). ";
    if (d.kept_until) {
      std::cout << "Sagen anonymiseres, når opbevaringsfristen udløber " << danish(*d.kept_until) << ".\n";
    } else {
      std::cout << "Sagen anonymiseres, når den er afsluttet, og opbevaringsfristen på " << period << " år er udløbet.\n";
    }
  }
  const std::string detail = "erased:" + std::to_string(dry_run ? 0 : erased) + " refused:" + std::to_string(refused) +
                             (dry_run ? " dry_run" : "");
  if (!store->audit().append("person.erase", std::nullopt, detail, cli_actor())) {
    std::cerr << "Revisionsloggen kunne ikke skrives.\n";
    return 1;
  }
  if (format == "json") {
    json mentioned = json::array();
    for (const auto& r : store->cases().refs(found.mentioned)) mentioned.push_back(r.number);
    std::cout << json{{"dry_run", dry_run}, {"cases", results}, {"mentioned_in", mentioned}}.dump() << "\n";
  } else {
    if (ids.empty()) std::cout << "Der er ingen sager om personen.\n";
    if (!found.mentioned.empty()) {
      std::cout << "Personen nævnes i " << found.mentioned.size()
                << " andre sager; de slettes ikke her (find dem med brobygger export person).\n";
    }
  }
  return refused > 0 ? 1 : 0;
}

PrivacyCommands::PrivacyCommands(CLI::App& app, const std::string& db, const std::string& format)
    : impl_(std::make_unique<Impl>(db, format)) {
  Impl& m = *impl_;
  auto* retention = app.add_subcommand("retention", "Opbevaringsfrist: anonymisér gamle afsluttede sager");
  retention->require_subcommand(1);
  m.retention_run = retention->add_subcommand("run", "Anonymisér sager afsluttet for mere end fristen siden");
  m.retention_run->add_flag("--dry-run", m.dry_run, "Vis sagerne uden at ændre noget");
  m.retention_run->add_option("--years", m.years, "Frist i år (standard: indstillingen, 5)")
      ->check(CLI::Range(kMinRetentionYears, kMaxRetentionYears));

  auto* exporter = app.add_subcommand("export", "Udtræk");
  exporter->require_subcommand(1);
  m.export_person = exporter->add_subcommand("person", "Alt om en person (indsigt, databeskyttelsesforordningens art. 15)");
  m.export_person->add_option("--cpr", m.cpr, "Personens CPR-nummer");
  m.export_person->add_option("--name", m.name, "Personens navn (hele navnet)");
  m.export_person->add_option("--out", m.out, "Ny mappe til udtrækket")->required();

  auto* erase = app.add_subcommand("erase", "Sletning");
  erase->require_subcommand(1);
  m.erase_person = erase->add_subcommand("person", "Slet en persons sager, hvor loven tillader det (art. 17)");
  m.erase_person->add_option("--cpr", m.cpr, "Personens CPR-nummer");
  m.erase_person->add_option("--name", m.name, "Personens navn (hele navnet)");
  m.erase_person->add_option("--case", m.case_number, "Kun denne sag (fx 2026-0042)");
  m.erase_person->add_flag("--dry-run", m.dry_run, "Vis hvad der kan slettes, uden at slette");
}

PrivacyCommands::~PrivacyCommands() = default;

std::optional<int> PrivacyCommands::run() {
  Impl& m = *impl_;
  try {
    if (*m.retention_run) return m.run_retention();
    if (*m.export_person) return m.run_export();
    if (*m.erase_person) return m.run_erase();
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return std::nullopt;
}

}  // namespace bb::cli
