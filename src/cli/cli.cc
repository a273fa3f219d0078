#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <malloc.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <string>

#include "cli/demo.h"
#include "cli/demo_surveys.h"
#include "cli/demo_systemic.h"
#include "cli/mail_cmd.h"
#include "cli/privacy_cmd.h"
#include "cli/report_cmd.h"
#include "cli/restore_cmd.h"
#include "cli/signals_cmd.h"
#include "cli/survey_cmd.h"
#include "service/pages.h"
#include "service/surveys.h"
#include "domain/deadline.h"
#include "extract/letter_check.h"
#include "mail/mailer.h"
#include "domain/access.h"
#include "render/renderer.h"
#include "store/move.h"
#include "store/postgres/pg_db.h"
#include "store/store.h"
#include "web/app.h"
#include "web/security.h"
#include "web/server.h"

namespace bb::cli {
namespace {

namespace fs = std::filesystem;

std::string default_db() {
  const char* env = std::getenv("BROBYGGER_DB");
  return env && *env ? env : "brobygger.db";
}

// Templates, messages and static files: --share, $BROBYGGER_SHARE, or share/ beside the binary.
std::string share_dir(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("BROBYGGER_SHARE"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && fs::exists(exe.parent_path() / "share" / "templates")) return (exe.parent_path() / "share").string();
  return "share";
}

struct Globals {
  std::string db = default_db();
  std::string format = "text";
};

// Creates the database with default settings, or brings an existing one's schema up to date
// (opening it migrates) and leaves its settings alone: running `init` again must not reset the
// office's departments and texts.
int cmd_init(const Globals& g, const std::optional<std::string>& municipality) {
  SystemClock clock;
  auto store = open_store(g.db, clock);
  if (store->settings().saved()) {
    const auto current = store->settings().load();
    if (municipality && *municipality != current.municipality) {
      std::cerr << "Databasen " << postgres::redact_url(g.db) << " er allerede oprettet for " << current.municipality
                << "; kommunens navn ændres på indstillingssiden, ikke med init.\n";
      return 1;
    }
    std::cout << "Databasen " << postgres::redact_url(g.db) << " er opdateret og klar for " << current.municipality
              << " (indstillingerne er uændrede).\n";
    return 0;
  }
  auto s = default_settings(municipality.value_or(""));
  if (!store->settings().save(s, Actor::system())) return 1;
  std::cout << "Databasen " << postgres::redact_url(g.db) << " er klar for " << s.municipality << ".\n";
  return 0;
}

Result<User> add_user(Store& store, const std::string& email, const std::string& name, Role role,
                      const std::string& password) {
  User u;
  u.email = email;
  u.name = name;
  u.role = role;
  u.password_hash = web::hash_password(password);
  return store.users().create(u, Actor::system());
}

int cmd_user_add(const Globals& g, const std::string& email, const std::string& name, const std::string& role_code,
                 bool password_stdin) {
  auto role = parse_code<Role>(role_code);
  if (!role) {
    std::cerr << "Ukendt rolle '" << role_code << "'. Brug advisor, assistant, manager eller admin.\n";
    return 2;
  }
  if (!plausible_email(email)) {
    std::cerr << "Ugyldig e-mailadresse: " << email << "\n";
    return 2;
  }
  std::string password;
  if (password_stdin) {
    std::getline(std::cin, password);
    if (password.size() < 12) {
      std::cerr << "Adgangskoden skal være mindst 12 tegn.\n";
      return 2;
    }
  } else {
    password = web::random_password();
  }
  SystemClock clock;
  auto store = open_store(g.db, clock);
  auto u = add_user(*store, email, name, *role, password);
  if (!u) {
    std::cerr << (u.error().code == ErrorCode::kConflict ? "Der findes allerede en bruger med den e-mailadresse.\n"
                                                         : "Brugeren kunne ikke oprettes.\n");
    return 1;
  }
  if (g.format == "json") {
    nlohmann::json j = {{"id", u->id}, {"email", u->email}, {"role", role_code}};
    if (!password_stdin) j["password"] = password;
    std::cout << j.dump() << "\n";
  } else {
    std::cout << "Bruger oprettet: " << u->email << " (" << role_code << ")\n";
    if (!password_stdin) std::cout << "Adgangskode (vises kun nu): " << password << "\n";
  }
  return 0;
}

int cmd_token_create(const Globals& g, const std::string& email, const std::string& name) {
  SystemClock clock;
  auto store = open_store(g.db, clock);
  auto u = store->users().find_by_email(email);
  if (!u) {
    std::cerr << "Ingen bruger med e-mailadressen " << email << ".\n";
    return 1;
  }
  const std::string token = web::random_token();
  ApiToken t;
  t.user_id = u->id;
  t.name = name;
  t.token_hash = web::sha256_hex(token);
  if (!store->sessions().create_api_token(t, Actor::system())) return 1;
  if (g.format == "json") {
    std::cout << nlohmann::json{{"token", token}, {"user", email}}.dump() << "\n";
  } else {
    std::cout << token << "\n";
  }
  return 0;
}

int cmd_audit_verify(const Globals& g) {
  SystemClock clock;
  auto store = open_store(g.db, clock);
  auto check = store->audit().verify();
  if (g.format == "json") {
    nlohmann::json j = {{"ok", check.ok}, {"checked", check.checked}};
    if (!check.ok) {
      j["first_bad_seq"] = *check.first_bad_seq;
      j["problem"] = check.problem;
    }
    std::cout << j.dump() << "\n";
  } else if (check.ok) {
    std::cout << "Revisionsloggen er intakt: " << check.checked << " poster kontrolleret.\n";
  } else {
    const char* what = check.problem == "hash"   ? "er ændret"
                       : check.problem == "link" ? "passer ikke til posten før (en tidligere post er ændret eller slettet)"
                                                 : "mangler (poster er slettet)";
    std::cout << "Revisionsloggen er brudt ved post " << *check.first_bad_seq << ": posten " << what << ". "
              << check.checked << " poster før den er i orden.\n";
  }
  return check.ok ? 0 : 1;
}

int cmd_backup(const Globals& g, const std::string& out) {
  SystemClock clock;
  auto store = open_store(g.db, clock);
  auto st = store->backup(out);
  if (!st) {
    std::cerr << (st.error().code == ErrorCode::kConflict ? "Filen findes allerede: " + out + "\n"
                                                          : "Sikkerhedskopien mislykkedes.\n");
    return 1;
  }
  std::cout << "Sikkerhedskopi skrevet til " << out << "\n";
  return 0;
}

bool is_postgres_url(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

// `migrate --from FILE.db --to postgresql://…`: the whole office onto PostgreSQL, verified.
int cmd_migrate(const Globals& g, const std::string& from, const std::string& to) {
  if (!is_postgres_url(to)) {
    std::cerr << "--to skal være en PostgreSQL-adresse (postgresql://bruger@vært:port/database).\n";
    return 2;
  }
  if (is_postgres_url(from) || !std::filesystem::is_regular_file(from)) {
    std::cerr << "--from skal være en SQLite-databasefil, der findes: " << from << "\n";
    return 2;
  }
  SystemClock clock;
  std::unique_ptr<Store> source, target;
  try {
    source = open_store(from, clock);
    target = open_store(to, clock);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  auto* src = dynamic_cast<sql::SqlStore*>(source.get());
  auto* dst = dynamic_cast<sql::SqlStore*>(target.get());
  if (!src || !dst) {
    std::cerr << "Flytningen kræver to SQL-databaser.\n";
    return 2;
  }
  auto moved = move_database(*src, *dst);
  if (!moved) {
    std::cerr << (moved.error().message == "move.target_not_empty"
                      ? "Måldatabasen er ikke tom (den har sager, brugere, revisionslog eller svar). Intet er skrevet.\n"
                      : "Flytningen mislykkedes; intet er skrevet i måldatabasen. Se loggen for årsagen.\n");
    return 1;
  }
  const MoveReport& r = *moved;
  if (g.format == "json") {
    nlohmann::json j = {{"verified", r.verified}, {"problem", r.problem}, {"audit_entries", r.audit_entries},
                        {"attachment_contents", r.attachment_bytes}, {"tables", nlohmann::json::array()}};
    for (const auto& t : r.tables) j["tables"].push_back({{"table", t.table}, {"source", t.source}, {"target", t.target}});
    std::cout << j.dump() << "\n";
  } else {
    for (const auto& t : r.tables) {
      std::cout << t.table << ": " << t.source << " → " << t.target << (t.source == t.target ? "" : "  ≠") << "\n";
    }
    std::cout << "Bilag (indhold): " << r.attachment_bytes << "\n";
    if (r.verified) {
      std::cout << "Alt er flyttet og kontrolleret: samme antal rækker i hver tabel, og revisionsloggen ("
                << r.audit_entries << " poster) er den samme og intakt.\n";
    } else {
      std::cout << "Kontrollen fandt en fejl: " << r.problem << ".\n";
    }
  }
  return r.verified ? 0 : 1;
}

std::vector<User> ensure_demo_users(Store& store, bool print) {
  struct Spec {
    const char* email;
    const char* name;
    Role role;
  };
  const Spec specs[] = {{"raadgiver@holmstrup.dk", "Anne Rådgiver", Role::kAdvisor},
                        {"jurist@holmstrup.dk", "Bo Juul", Role::kAdvisor},
                        {"sekretaer@holmstrup.dk", "Sara Sekretær", Role::kAssistant},
                        {"leder@holmstrup.dk", "Lars Leder", Role::kManager},
                        {"it@holmstrup.dk", "Ida IT", Role::kAdmin}};
  std::vector<User> advisors;
  if (print) std::cout << "\nDemobrugere (adgangskoderne vises kun nu):\n";
  for (const auto& s : specs) {
    const std::string password = web::random_password();
    auto u = add_user(store, s.email, s.name, s.role, password);
    if (!u) continue;
    if (print) std::cout << "  " << to_code(s.role) << "\t" << s.email << "\t" << password << "\n";
    if (s.role == Role::kAdvisor) advisors.push_back(*u);
  }
  return advisors;
}

// Fills an empty database with Holmstrup Kommune, one user per role and realistic cases.
void load_demo(const std::string& db, int cases, uint32_t seed, bool print, const extract::LetterData& letters,
               const std::vector<Questionnaire>& questionnaires) {
  FixedClock clock(SystemClock().now());
  auto store = open_store(db, clock);
  if (!store->empty()) {
    if (print) std::cout << "Databasen har allerede data; demodata indlæses ikke igen. Slet " << db
                         << " for at starte forfra.\n";
    return;
  }
  auto settings = default_settings("Holmstrup Kommune");
  settings.contact_phone = "70 10 20 30";
  settings.contact_email = "borgerraadgiver@holmstrup.dk";
  settings.address = "Rådhuspladsen 1, 4700 Holmstrup";
  (void)store->settings().save(settings, Actor::system());
  auto advisors = ensure_demo_users(*store, print);
  DemoOptions opt;
  opt.count = cases;
  opt.seed = seed;
  opt.today = copenhagen_date(clock.now());
  const Instant real_now = clock.now();
  const int n = load_demo_cases(*store, clock, make_demo_cases(opt, settings), settings, advisors);
  clock.set(real_now);
  if (!letters.rules.rules().empty()) {
    load_demo_systemic(*store, clock, settings, letters.rules, advisors, opt.today, seed);
  }
  clock.set(real_now);
  load_demo_surveys(*store, settings, questionnaires, opt.today, seed);
  if (print) std::cout << n << " demosager indlæst.\n\n";
}

int cmd_serve(const Globals& g, const std::string& listen, bool demo, size_t threads, const std::string& share,
              bool secure_cookies, int login_limit, int contact_limit, MailCommands& mail) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "--listen skal være VÆRT:PORT, fx 127.0.0.1:8080\n";
    return 2;
  }
  web::ServerOptions opt;
  opt.host = listen.substr(0, colon);
  try {
    const int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    opt.port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    std::cerr << "Ugyldig port i --listen: " << listen << "\n";
    return 2;
  }
  opt.threads = threads;
  const std::string dir = share_dir(share);
  auto letters = extract::load_letter_data(dir + "/data");
  const auto questionnaires = load_builtin_questionnaires(dir + "/data");
  if (demo) load_demo(g.db, 300, 20240101, true, letters, questionnaires);
  SystemClock clock;
  auto store = open_store(g.db, clock);
  render::Renderer renderer(dir);
  web::WebConfig config;
  config.secure_cookies = secure_cookies;
  config.login_attempts_per_ip_per_minute = login_limit;
  config.contact_posts_per_ip_per_hour = contact_limit;
  config.static_dir = dir + "/static";
  config.questionnaires = questionnaires;
  config.pages = load_public_pages(dir + "/data");
  extract::DocumentExtractor extractor;
  web::App app(*store, clock, renderer, letters, extractor, config);
  auto mailer = mail.start_for_serve(*store, clock, dir);  // reminder mails when --smtp-url is given
  opt.on_listening = [&](uint16_t port) {
    std::cout << "Brobygger lytter på http://" << opt.host << ":" << port << "/" << std::endl;
  };
  // glibc keeps memory that request threads freed (a list page, a report) for reuse instead of
  // returning it: in a 10-minute soak at 256 connections resident memory grew 54 % over 29 MB
  // of live data, and malloc_trim brought it back. Give it back twice a minute.
  std::jthread trimmer([](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any cv;
    std::unique_lock lock(mu);
    while (true) {
      cv.wait_for(lock, stop, std::chrono::seconds(30), [] { return false; });
      if (stop.stop_requested()) return;
      malloc_trim(0);
    }
  });
  web::serve(app, opt);
  return 0;
}

// Reads a whole file; nullopt when it cannot be read.
std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<Date> parse_date_option(const std::string& value, const char* option) {
  if (value.empty()) return std::nullopt;
  auto d = Date::parse_iso(value);
  if (!d) throw CLI::ValidationError(option, "skal være en dato som ÅÅÅÅ-MM-DD, fx 2024-03-14");
  return d;
}

int cmd_deadline(const Globals& g, const std::string& share, const std::string& area, const std::string& received_text,
                 const std::string& sent_text, const std::string& delivery) {
  const std::string dir = share_dir(share);
  auto data = extract::load_letter_data(dir + "/data");
  render::Messages messages(dir + "/messages");
  std::optional<Date> received = parse_date_option(received_text, "--received");
  if (auto sent = parse_date_option(sent_text, "--sent")) {
    // The office's setting when there is a database; the default otherwise.
    int post_days = default_settings("").presumed_post_days;
    if (std::filesystem::exists(g.db)) {
      SystemClock clock;
      post_days = open_store(g.db, clock)->settings().load().presumed_post_days;
    }
    received = presumed_receipt(*sent, delivery == "post" ? Delivery::kOrdinaryPost : Delivery::kDigitalPost, post_days);
  }
  if (!received) {
    std::cerr << "Angiv --received (modtagelsesdato) eller --sent (brevets dato).\n";
    return 2;
  }
  auto r = compute_deadline(data.rules, area, *received);
  if (!r) {
    std::cerr << messages.text("da", r.error().message) << " Kendte områder:";
    for (const auto& rule : data.rules.rules()) std::cerr << " " << rule.area;
    std::cerr << "\n";
    return 2;
  }
  if (g.format == "json") {
    nlohmann::json j = extract::deadline_json(*r);
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::cout << r->rule.title << ": klag til " << r->rule.body << ".\n";
  if (r->deadline) {
    std::cout << "Fristen udløber " << danish_weekday_date(*r->deadline) << " (ved dagens slutning).\n";
    if (r->rolled_from) {
      std::cout << "Fristen ville ende " << danish_weekday_date(*r->rolled_from)
                << ", men den er flyttet til næste arbejdsdag, fordi ";
      for (size_t i = 0; i < r->skipped.size(); ++i) {
        std::cout << (i ? (i + 1 == r->skipped.size() ? " og " : ", ") : "") << r->skipped[i].date.danish() << " er "
                  << r->skipped[i].reason;
      }
      std::cout << ".\n";
    }
    std::cout << "Fristen regnes fra " << r->rule.counts_from << " (" << received->danish() << "); den dag tæller ikke med.\n";
  } else {
    std::cout << "Der er ingen fast klagefrist. " << r->rule.note << "\n";
  }
  std::cout << "Sådan klager du: " << r->rule.how << "\n";
  if (!r->rule.fee.empty()) std::cout << "Gebyr: " << r->rule.fee << "\n";
  std::cout << "Regler: " << r->rule.legal_basis << "\n";
  return 0;
}

int cmd_letter_check(const Globals& g, const std::string& share, const std::string& file, const std::string& received_text,
                     const std::string& lang) {
  const std::string dir = share_dir(share);
  auto data = extract::load_letter_data(dir + "/data");
  render::Messages messages(dir + "/messages");
  std::optional<Date> received = parse_date_option(received_text, "--received");
  auto bytes = read_file(file);
  if (!bytes) {
    std::cerr << "Filen " << file << " kan ikke læses.\n";
    return 2;
  }
  extract::DocumentExtractor extractor;
  auto report = extract::check_letter(extractor, data, *bytes, received);
  if (!report) {
    std::cerr << file << ": " << messages.text("da", report.error().message) << "\n";
    return 1;
  }
  if (g.format == "json") {
    std::cout << render::dump_json(extract::report_json(*report)) << "\n";
    return 0;
  }
  const auto& a = report->analysis;
  std::cout << (lang == "en" ? report->summary.en : report->summary.da) << "\n\n";
  std::cout << "LIX " << a.stats.lix << " (" << a.stats.band << "), " << a.stats.words << " ord, " << a.stats.sentences
            << " sætninger.\n";
  for (const auto& m : a.missing) std::cout << "Mangler " << m.element << ": " << (lang == "en" ? m.why_en : m.why) << "\n";
  for (const auto& f : a.findings) {
    if (f.type == "term") std::cout << "Ord: " << f.text << " – " << (lang == "en" ? f.explanation_en : f.explanation) << "\n";
  }
  return 0;
}

int cmd_generate(const Globals& g, int count, uint32_t seed, bool with_journal, int years, int municipalities) {
  if (count < 1 || count > 10'000'000) {
    std::cerr << "--cases skal være mellem 1 og 10000000\n";
    return 2;
  }
  SystemClock clock;
  auto store = open_store(g.db, clock);
  auto settings = store->settings().load();
  // A network instance's worth of departments, once (a second run keeps the list it finds).
  const bool expanded = std::any_of(settings.departments.begin(), settings.departments.end(),
                                    [](const std::string& d) { return d.find(" · ") != std::string::npos; });
  if (municipalities > 1 && !expanded) {
    settings.departments = network_departments(settings.departments, municipalities);
    if (auto saved = store->settings().save(settings, Actor::system()); !saved) {
      std::cerr << "Forvaltningerne kunne ikke gemmes: " << saved.error().message << "\n";
      return 1;
    }
  }
  std::vector<User> advisors;
  for (const auto& u : store->users().list()) {
    if (u.role == Role::kAdvisor && u.active) advisors.push_back(u);
  }
  DemoOptions opt;
  opt.count = count;
  opt.seed = seed;
  opt.today = copenhagen_date(clock.now());
  opt.years = years;
  opt.with_journal = with_journal;
  const auto started = std::chrono::steady_clock::now();
  const int n = bulk_load_cases(*store, make_demo_cases(opt, settings), settings, advisors, seed, 1000);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (g.format == "json") {
    std::cout << nlohmann::json{{"cases", n}, {"seconds", secs}, {"departments", settings.departments.size()}}.dump()
              << "\n";
  } else {
    std::cout << n << " sager genereret på " << secs << " s (" << settings.departments.size() << " forvaltninger).\n";
  }
  return n == count ? 0 : 1;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"Brobygger – sagsbehandling for borgerrådgivere"};
  app.require_subcommand(1);
  // Global options (--db, --format) may also follow the subcommand: `letter check F --format json`.
  app.fallthrough();
  Globals g;
  app.add_option("--db", g.db, "Database: en fil (SQLite) eller postgresql://… (miljø: BROBYGGER_DB)");
  app.add_option("--format", g.format, "Uddata: text eller json")->check(CLI::IsMember({"text", "json"}));

  std::string municipality;  // empty: not given
  auto* init = app.add_subcommand("init", "Opret eller opgradér databasen (indstillingerne bevares)");
  init->add_option("--municipality", municipality, "Kommunens navn (kun når databasen oprettes)");

  auto* user = app.add_subcommand("user", "Brugere");
  user->require_subcommand(1);
  std::string email, name, role, token_name = "api";
  bool password_stdin = false;
  auto* user_add = user->add_subcommand("add", "Opret en bruger");
  user_add->add_option("--email", email, "E-mailadresse")->required();
  user_add->add_option("--name", name, "Navn")->required();
  user_add->add_option("--role", role, "advisor, assistant, manager eller admin")->required();
  user_add->add_flag("--password-stdin", password_stdin, "Læs adgangskoden fra standard input");

  auto* token = app.add_subcommand("token", "API-nøgler");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Opret en API-nøgle (vises én gang)");
  token_create->add_option("--email", email, "Brugerens e-mailadresse")->required();
  token_create->add_option("--name", token_name, "Hvad nøglen bruges til");

  std::string listen = "127.0.0.1:8080", share;
  bool demo = false, secure = false;
  size_t threads = 24;
  auto* serve = app.add_subcommand("serve", "Start webserveren");
  serve->add_option("--listen", listen, "VÆRT:PORT (port 0 = en ledig port)");
  serve->add_flag("--demo", demo, "Fyld en tom database med demodata (Holmstrup Kommune)");
  serve->add_option("--threads", threads, "Antal tråde")->check(CLI::Range(1, 512));
  serve->add_option("--share", share, "Mappe med templates/, messages/ og static/");
  serve->add_flag("--secure-cookies", secure, "Sæt Secure på cookies (bag TLS)");
  int login_limit = 20, contact_limit = 10;
  serve->add_option("--login-limit", login_limit, "Loginforsøg pr. IP-adresse pr. minut")->check(CLI::Range(1, 1000000));
  serve->add_option("--contact-limit", contact_limit, "Kontaktformularer pr. IP-adresse pr. time")->check(CLI::Range(1, 1000000));
  MailCommands mail(app, *serve, g.db, g.format, &share_dir);  // `mail …` and serve's --smtp-* options
  SurveyCommands surveys(app, g.db, g.format, &share_dir);     // `survey …` and `network …`
  PrivacyCommands privacy(app, g.db, g.format);               // `retention`, `export person`, `erase person`
  RestoreCommand restore(app, g.db, g.format);                // `restore --from FILE [--force]`

  int cases = 1000;
  uint32_t seed = 1;
  bool no_journal = false;
  auto* generate = app.add_subcommand("generate", "Generér syntetiske sager til test og måling");
  generate->add_option("--cases", cases, "Antal sager")->required();
  generate->add_option("--seed", seed, "Frø til tilfældighed");
  generate->add_flag("--no-journal", no_journal, "Uden journalnotater (hurtigere)");
  int gen_years = 10, gen_municipalities = 1;
  generate->add_option("--years", gen_years, "Sagerne modtages over så mange år før i dag")->check(CLI::Range(1, 50));
  generate->add_option("--municipalities", gen_municipalities,
                       "Forvaltninger for så mange kommuner (1–98; et netværk)")->check(CLI::Range(1, 98));

  auto* audit = app.add_subcommand("audit", "Revisionslog");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Kontrollér revisionsloggens hashkæde");

  std::string area, received, sent, delivery = "digital_post", letter_file, lang = "da";
  auto* deadline = app.add_subcommand("deadline", "Beregn en klagefrist");
  deadline->add_option("--area", area, "Område: social, beskaeftigelse, byg, plan, miljoe, skat, ombudsmand, aktindsigt")
      ->required();
  deadline->add_option("--received", received, "Dato brevet blev modtaget (ÅÅÅÅ-MM-DD)");
  deadline->add_option("--sent", sent, "Brevets dato, når modtagelsen skal beregnes");
  deadline->add_option("--delivery", delivery, "digital_post (modtaget samme dag) eller post")
      ->check(CLI::IsMember({"digital_post", "post"}));
  deadline->add_option("--share", share, "Mappe med data/ og messages/");

  auto* letter = app.add_subcommand("letter", "Breve");
  letter->require_subcommand(1);
  auto* letter_check = letter->add_subcommand("check", "Læs et brev: læsbarhed, afgørelsens elementer, klagefrist");
  letter_check->add_option("file", letter_file, "Tekst, PDF eller billede")->required();
  letter_check->add_option("--received", received, "Dato brevet blev modtaget (ÅÅÅÅ-MM-DD)");
  letter_check->add_option("--lang", lang, "da eller en")->check(CLI::IsMember({"da", "en"}));
  letter_check->add_option("--share", share, "Mappe med data/ og messages/");

  std::string period;
  bool include_dismissed = false;
  auto* signals = app.add_subcommand("signals", "Signaler: forvaltninger og temaer med flere sager end forventet");
  signals->add_option("--period", period, "Kvartal (2024Q3), måned (2024-07), år (2024) eller 2024-07-01..2024-10-15; standard: indeværende kvartal");
  signals->add_flag("--include-dismissed", include_dismissed, "Medtag signaler, der er markeret som gennemgået");

  int report_year = 0;
  std::string report_format = "pdf", report_out;
  bool report_published = false;
  auto* report = app.add_subcommand("report", "Rapporter");
  report->require_subcommand(1);
  auto* report_annual = report->add_subcommand("annual", "Årsberetningen for et år");
  report_annual->add_option("--year", report_year, "Året, fx 2024")->required();
  report_annual->add_option("--format", report_format, "html, pdf, json, csv eller xlsx")
      ->check(CLI::IsMember({"html", "pdf", "json", "csv", "xlsx"}));
  report_annual->add_option("--out", report_out, "Fil at skrive (- = standard output)");
  report_annual->add_flag("--published", report_published, "Offentliggjort udgave: små tal vises som \"< 5\"");
  report_annual->add_option("--share", share, "Mappe med templates/ og messages/");

  std::string out;
  auto* backup = app.add_subcommand("backup", "Tag en sikkerhedskopi (også mens serveren kører)");
  backup->add_option("--out", out, "Ny fil til kopien")->required();

  std::string move_from, move_to;
  auto* migrate = app.add_subcommand("migrate", "Flyt alt fra en SQLite-database til en tom PostgreSQL-database");
  migrate->add_option("--from", move_from, "SQLite-databasefilen")->required();
  migrate->add_option("--to", move_to, "PostgreSQL-adressen (postgresql://…)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  spdlog::set_level(spdlog::level::warn);
  if (*init) return cmd_init(g, municipality.empty() ? std::nullopt : std::optional<std::string>(municipality));
  if (*user_add) return cmd_user_add(g, email, name, role, password_stdin);
  if (*token_create) return cmd_token_create(g, email, token_name);
  if (*serve) {
    spdlog::set_level(spdlog::level::info);
    return cmd_serve(g, listen, demo, threads, share, secure, login_limit, contact_limit, mail);
  }
  if (*generate) return cmd_generate(g, cases, seed, !no_journal, gen_years, gen_municipalities);
  if (*verify) return cmd_audit_verify(g);
  if (*backup) return cmd_backup(g, out);
  if (*migrate) return cmd_migrate(g, move_from, move_to);
  if (*report_annual) {
    return cmd_report_annual(g.db, share_dir(share), report_year, report_format, report_out, report_published);
  }
  if (*signals) return cmd_signals(g.db, g.format, period, include_dismissed);
  if (auto rc = mail.run()) return *rc;
  if (auto rc = surveys.run()) return *rc;
  if (auto rc = privacy.run()) return *rc;
  if (auto rc = restore.run()) return *rc;
  try {
    if (*deadline) return cmd_deadline(g, share, area, received, sent, delivery);
    if (*letter_check) return cmd_letter_check(g, share, letter_file, received, lang);
  } catch (const CLI::ValidationError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  return 2;
}

}  // namespace bb::cli
