#include "cli/restore_cmd.h"

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/clock.h"
#include "store/migrations.h"
#include "store/postgres/pg_db.h"
#include "store/postgres/pg_tools.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"
#include "web/security.h"

namespace bb::cli {

namespace fs = std::filesystem;

namespace {

// A failed step: the Danish message for the user and the exit code (1 damaged/failed, 2 use).
struct RestoreFailure {
  int code;
  std::string message;
};

[[noreturn]] void fail(int code, std::string message) { throw RestoreFailure{code, std::move(message)}; }

bool is_postgres(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

int known_schema_version() { return migrations().empty() ? 0 : migrations().back().version; }

// What the restored database holds, for the report.
struct Summary {
  int64_t schema_version = 0;
  int64_t cases = 0;
  int64_t journal = 0;
  int64_t attachments = 0;
  int64_t audit_entries = 0;
  std::string moved_aside;
};

int64_t scalar(sql::Connection& conn, const std::string& query) {
  auto& st = conn.prepare(query);
  int64_t v = 0;
  if (st.step()) v = st.int64(0);
  st.reset();
  return v;
}

void count_rows(sql::Connection& conn, Summary& s) {
  s.cases = scalar(conn, "SELECT count(*) FROM cases");
  s.journal = scalar(conn, "SELECT count(*) FROM journal");
  s.attachments = scalar(conn, "SELECT count(*) FROM attachments");
}

// The audit chain of the restored copy, through the store as `audit verify` does. Opening the
// store brings an older backup's schema up to date, as starting the server would.
void verify_audit(const std::string& db, Summary& s) {
  SystemClock clock;
  std::unique_ptr<Store> store;
  try {
    store = open_store(db, clock);
  } catch (const std::exception& e) {
    fail(1, std::string("Kopien kan ikke åbnes: ") + e.what());
  }
  const auto check = store->audit().verify();
  if (!check.ok) {
    fail(1, "Revisionsloggen i sikkerhedskopien er brudt ved post " +
                std::to_string(check.first_bad_seq.value_or(0)) + " (" + check.problem +
                "). Kopien er ikke lagt på plads; brug en anden sikkerhedskopi.");
  }
  s.audit_entries = check.checked;
}

std::string timestamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return buf;
}

void fsync_path(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) throw std::runtime_error("kan ikke åbne " + p.string());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("fsync mislykkedes for " + p.string());
}

// Copies a file and makes the copy durable.
void copy_durable(const fs::path& from, const fs::path& to) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  fsync_path(to, false);
}

// Copies a folder tree file by file, each durable, then the folders.
void copy_tree_durable(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  std::vector<fs::path> dirs = {to};
  for (const auto& e : fs::recursive_directory_iterator(from)) {
    const fs::path dest = to / fs::relative(e.path(), from);
    if (e.is_directory()) {
      fs::create_directories(dest);
      dirs.push_back(dest);
    } else if (e.is_regular_file()) {
      copy_durable(e.path(), dest);
    }
  }
  for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) fsync_path(*it, true);
}

void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);
}

// True while another process (a running server) holds SQLite's shared lock on the file: a
// connection in WAL mode keeps it for as long as it is open.
bool sqlite_in_use(const fs::path& db) {
  const int fd = ::open(db.c_str(), O_RDONLY);
  if (fd < 0) return false;
  struct flock lk {};
  lk.l_type = F_WRLCK;
  lk.l_whence = SEEK_SET;
  lk.l_start = 0x40000000 + 2;  // SQLite's SHARED_FIRST (PENDING_BYTE + 2)
  lk.l_len = 510;               // SHARED_SIZE
  const bool busy = ::fcntl(fd, F_GETLK, &lk) == 0 && lk.l_type != F_UNLCK;
  ::close(fd);
  return busy;
}

std::string file_sha256(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return web::sha256_hex(bytes.str());
}

// --- SQLite ------------------------------------------------------------------------------------

Summary restore_sqlite(const std::string& db_url, const std::string& from, bool force) {
  std::string db_path = db_url.rfind("sqlite://", 0) == 0 ? db_url.substr(9) : db_url;
  const fs::path target = fs::absolute(db_path);
  const fs::path dir = target.parent_path();
  const std::string base = target.filename().string();
  const fs::path target_att = target.string() + "-attachments";
  const fs::path from_att = from + "-attachments";
  if (!fs::is_directory(dir)) fail(2, "Mappen " + dir.string() + " findes ikke.");

  const std::vector<fs::path> parts = {target, target.string() + "-wal", target.string() + "-shm", target_att};
  bool existing = false;
  for (const auto& p : parts) existing = existing || fs::exists(p);
  if (existing && !force) {
    fail(2, "Databasen " + target.string() +
                " findes allerede. Tilføj --force for at erstatte den; den nuværende flyttes så til side "
                "(den slettes ikke).");
  }
  if (fs::exists(target) && sqlite_in_use(target)) {
    fail(2, "Databasen " + target.string() +
                " er i brug af en kørende Brobygger. Stop tjenesten først (systemctl stop brobygger).");
  }

  const std::string tag = ".gendannelse-" + std::to_string(::getpid()) + ".tmp";
  const fs::path tmp = dir / ("." + base + tag);
  const fs::path tmp_att = dir / ("." + base + "-attachments" + tag);
  auto clean_tmp = [&] {
    for (const char* suffix : {"", "-wal", "-shm"}) remove_quietly(tmp.string() + suffix);
    remove_quietly(tmp_att);
  };
  clean_tmp();
  Summary s;
  std::vector<std::string> hashes;
  try {
    copy_durable(from, tmp);
    {
      // The raw file first: is it an SQLite database, whole, of a schema this program knows?
      std::unique_ptr<sqlite::Connection> conn;
      try {
        conn = std::make_unique<sqlite::Connection>(tmp.string(), sqlite::OpenMode::kReadWrite);
        auto& st = conn->prepare("PRAGMA integrity_check");
        std::string problems;
        while (st.step()) {
          const std::string line(st.text_view(0));
          if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
        }
        st.reset();
        if (!problems.empty()) fail(1, "Sikkerhedskopien er beskadiget (integrity_check: " + problems.substr(0, 300) + ").");
        if (scalar(*conn, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") == 0) {
          fail(1, from + " er ikke en sikkerhedskopi af en Brobygger-database (tabellen schema_migrations mangler).");
        }
        s.schema_version = scalar(*conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      } catch (const sql::DbError& e) {
        fail(1, from + " kan ikke læses som SQLite-database: " + e.what());
      }
    }
    if (s.schema_version > known_schema_version()) {
      fail(1, "Sikkerhedskopien har skemaversion " + std::to_string(s.schema_version) + ", som er nyere end dette programs (" +
                  std::to_string(known_schema_version()) + "). Gendan med den Brobygger-version, der tog kopien.");
    }
    verify_audit(tmp.string(), s);
    {
      // Fold the WAL back into the file and close the only connection: no -wal may travel.
      sqlite::Connection conn(tmp.string(), sqlite::OpenMode::kReadWrite);
      conn.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      count_rows(conn, s);
      auto& st = conn.prepare("SELECT DISTINCT sha256 FROM attachments");
      while (st.step()) hashes.emplace_back(st.text_view(0));
      st.reset();
    }
    remove_quietly(tmp.string() + "-wal");
    remove_quietly(tmp.string() + "-shm");
    fsync_path(tmp, false);

    // Attachments: the files named by content, each present and unchanged.
    if (fs::is_directory(from_att)) copy_tree_durable(from_att, tmp_att);
    size_t missing = 0, changed = 0;
    std::string example;
    for (const auto& h : hashes) {
      const fs::path f = tmp_att / h.substr(0, 2) / h;
      if (!fs::is_regular_file(f)) {
        if (missing++ == 0 && example.empty()) example = h;
      } else if (file_sha256(f) != h) {
        if (changed++ == 0 && example.empty()) example = h;
      }
    }
    if (missing || changed) {
      fail(1, "Bilagene passer ikke til sikkerhedskopien: " + std::to_string(missing) + " mangler og " +
                  std::to_string(changed) + " er ændret (fx " + example + "). Findes mappen " + from_att.string() +
                  " ved siden af kopien?");
    }
  } catch (...) {
    clean_tmp();
    throw;
  }

  // Everything checked: move the old database aside (never delete it), then put the copy in.
  try {
    if (existing) {
      const fs::path aside = target.string() + ".foer-gendannelse-" + timestamp();
      fs::create_directory(aside);
      for (const auto& p : parts) {
        if (fs::exists(p)) fs::rename(p, aside / p.filename());
      }
      fsync_path(aside, true);
      s.moved_aside = aside.string();
    }
    if (fs::exists(tmp_att)) fs::rename(tmp_att, target_att);
    fs::rename(tmp, target);
    fsync_path(dir, true);
  } catch (const std::exception& e) {
    clean_tmp();
    fail(1, std::string("Kopien kunne ikke lægges på plads: ") + e.what() +
                (s.moved_aside.empty() ? "" : ". Den tidligere database ligger i " + s.moved_aside));
  }
  return s;
}

// --- PostgreSQL --------------------------------------------------------------------------------

// The highest schema version in a pg_dump archive (its schema_migrations rows), read with
// pg_restore without touching any database; also shows that the archive can be read.
int64_t archive_schema_version(const std::string& from) {
  std::string text;
  const int rc = postgres::run_tool({"pg_restore", "--data-only", "--table=schema_migrations", "--file=-", from}, "", &text);
  if (rc == -1) fail(1, "pg_restore kunne ikke startes; installér postgresql-client (samme version som serveren eller nyere).");
  if (rc != 0) fail(1, "Sikkerhedskopien " + from + " kan ikke læses af pg_restore (er det en fil fra brobygger backup på PostgreSQL?).");
  std::istringstream in(text);
  std::string line;
  bool in_copy = false, seen = false;
  int64_t version = 0;
  while (std::getline(in, line)) {
    if (!in_copy) {
      in_copy = line.rfind("COPY ", 0) == 0 && line.find("schema_migrations") != std::string::npos;
      seen = seen || in_copy;
    } else if (line == "\\.") {
      in_copy = false;
    } else {
      try {
        version = std::max<int64_t>(version, std::stoll(line.substr(0, line.find('\t'))));
      } catch (const std::exception&) {
        fail(1, "Sikkerhedskopien har en ulæselig skemaversion: " + line.substr(0, 80));
      }
    }
  }
  if (!seen || version == 0) {
    fail(1, from + " er ikke en sikkerhedskopi af en Brobygger-database (ingen skemaversion i arkivet).");
  }
  return version;
}

Summary restore_postgres(const std::string& url, const std::string& from, bool force) {
  Summary s;
  s.schema_version = archive_schema_version(from);
  if (s.schema_version > known_schema_version()) {
    fail(1, "Sikkerhedskopien har skemaversion " + std::to_string(s.schema_version) + ", som er nyere end dette programs (" +
                std::to_string(known_schema_version()) + "). Gendan med den Brobygger-version, der tog kopien.");
  }
  const std::string shown = postgres::redact_url(url);
  try {
    postgres::Connection conn(url);
    const int64_t tables = scalar(conn,
                                  "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                                  "AND table_name IN ('schema_migrations', 'cases', 'audit')");
    if (tables > 0 && !force) {
      fail(2, "Databasen " + shown +
                  " har allerede Brobyggers tabeller. Tilføj --force for at erstatte indholdet (pg_restore --clean), "
                  "eller gendan i en tom database.");
    }
  } catch (const sql::DbError& e) {
    fail(1, "Kan ikke forbinde til " + shown + ": " + e.what());
  }
  const auto [plain_url, password] = postgres::split_password(url);
  std::vector<std::string> args = {"pg_restore", "--exit-on-error", "--single-transaction", "--no-owner"};
  if (force) {
    args.emplace_back("--clean");
    args.emplace_back("--if-exists");
  }
  args.push_back("--dbname=" + plain_url);
  args.push_back(from);
  const int rc = postgres::run_tool(args, password, nullptr);
  if (rc == -1) fail(1, "pg_restore kunne ikke startes; installér postgresql-client.");
  if (rc != 0) {
    fail(1, "pg_restore mislykkedes (se meddelelsen ovenfor). Gendannelsen kørte i én transaktion, så " + shown +
                " er uændret.");
  }
  verify_audit(url, s);
  try {
    postgres::Connection conn(url);
    count_rows(conn, s);
    const int64_t missing = scalar(conn,
                                   "SELECT count(*) FROM attachments a WHERE NOT EXISTS "
                                   "(SELECT 1 FROM attachment_blobs b WHERE b.sha256 = a.sha256)");
    const int64_t changed =
        scalar(conn, "SELECT count(*) FROM attachment_blobs WHERE encode(sha256(bytes), 'hex') <> sha256");
    if (missing || changed) {
      fail(1, "Bilagene i den gendannede database passer ikke: " + std::to_string(missing) + " mangler og " +
                  std::to_string(changed) + " er ændret.");
    }
  } catch (const sql::DbError& e) {
    fail(1, std::string("Kontrollen efter gendannelsen mislykkedes: ") + e.what());
  }
  return s;
}

}  // namespace

struct RestoreCommand::Impl {
  const std::string& db;
  const std::string& format;
  std::string from;
  bool force = false;
  CLI::App* cmd = nullptr;

  Impl(const std::string& d, const std::string& f) : db(d), format(f) {}

  int run() {
    const bool pg = is_postgres(db);
    const std::string shown = pg ? postgres::redact_url(db) : db;
    if (!fs::is_regular_file(from)) {
      std::cerr << "Sikkerhedskopien findes ikke: " << from << "\n";
      return 2;
    }
    Summary s;
    try {
      s = pg ? restore_postgres(db, from, force) : restore_sqlite(db, from, force);
    } catch (const RestoreFailure& f) {
      std::cerr << f.message << "\n";
      if (f.code == 1) std::cerr << "Intet er gendannet.\n";
      return f.code;
    } catch (const std::exception& e) {
      std::cerr << "Gendannelsen mislykkedes: " << e.what() << "\nIntet er gendannet.\n";
      return 1;
    }
    if (format == "json") {
      nlohmann::json j = {{"restored", true},       {"backend", pg ? "postgresql" : "sqlite"},
                          {"from", from},           {"schema_version", s.schema_version},
                          {"cases", s.cases},       {"journal_entries", s.journal},
                          {"attachments", s.attachments}, {"audit_entries", s.audit_entries}};
      if (!s.moved_aside.empty()) j["moved_aside"] = s.moved_aside;
      std::cout << j.dump() << "\n";
    } else {
      if (!s.moved_aside.empty()) std::cout << "Den tidligere database er flyttet til " << s.moved_aside << "\n";
      std::cout << "Gendannet fra " << from << " til " << shown << ": " << s.cases << " sager, " << s.journal
                << " journalnotater, " << s.attachments << " bilag.\n"
                << "Kontrolleret: databasen er hel, skemaversion " << s.schema_version
                << ", revisionsloggen er intakt (" << s.audit_entries << " poster), og alle bilag er til stede.\n";
    }
    return 0;
  }
};

RestoreCommand::RestoreCommand(CLI::App& app, const std::string& db, const std::string& format)
    : impl_(std::make_unique<Impl>(db, format)) {
  impl_->cmd = app.add_subcommand("restore", "Gendan en sikkerhedskopi til databasen i --db (kontrolleres først)");
  impl_->cmd->add_option("--from", impl_->from, "Sikkerhedskopien (fra brobygger backup)")->required();
  impl_->cmd->add_flag("--force", impl_->force,
                       "Erstat en eksisterende database (SQLite: den gamle flyttes til side; PostgreSQL: --clean)");
}

RestoreCommand::~RestoreCommand() = default;

std::optional<int> RestoreCommand::run() {
  if (!*impl_->cmd) return std::nullopt;
  return impl_->run();
}

}  // namespace bb::cli
