#include "store/postgres/pg_store.h"

#include <spdlog/spdlog.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <stdexcept>


extern char** environ;

namespace bb::postgres {

namespace {

// Taken by every write transaction (and by migrations): one writer at a time, as on SQLite.
constexpr int64_t kWriteLock = 0x42425752;  // "BBWR"
constexpr size_t kMaxIdle = 16;

}  // namespace

// A connection leased for one operation; dropped instead of returned when it broke.
class PostgresStore::Lease {
 public:
  explicit Lease(PostgresStore& s) : s_(s), conn_(s.acquire()) {}
  ~Lease() { s_.give_back(std::move(conn_)); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Connection& operator*() { return *conn_; }

 private:
  PostgresStore& s_;
  std::unique_ptr<Connection> conn_;
};

PostgresStore::PostgresStore(const std::string& url, const Clock& clock) : sql::SqlStore(clock), url_(url) {
  Lease lease(*this);
  sql::migrate(*lease, clock, {"BEGIN", "SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLock) + ")"});
}

PostgresStore::~PostgresStore() = default;

std::unique_ptr<Connection> PostgresStore::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
  }
  return std::make_unique<Connection>(url_);
}

void PostgresStore::give_back(std::unique_ptr<Connection> conn) {
  if (!conn || !conn->usable()) return;
  std::lock_guard lock(mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(conn));
}

void PostgresStore::drop_idle() {
  std::lock_guard lock(mu_);
  idle_.clear();
}

// A read that finds its connection broken (the server restarted or failed over) empties the
// pool and runs once more on a fresh connection, so one stale pool costs no failed request.
void PostgresStore::with_reader(const std::function<void(sql::Connection&)>& fn) {
  for (int attempt = 0;; ++attempt) {
    Lease lease(*this);
    try {
      fn(*lease);
      return;
    } catch (const sql::DbError&) {
      if ((*lease).usable() || attempt > 0) throw;
      drop_idle();
    }
  }
}

Status PostgresStore::write(std::function<Status(sql::WriteTx&)> job) {
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<Lease> lease;
    try {
      lease = std::make_unique<Lease>(*this);
    } catch (const std::exception& e) {
      spdlog::error("store: no database connection for a write: {}", e.what());
      return Error{ErrorCode::kInternal, "store.write_failed", {}};
    }
    Connection& c = **lease;
    try {
      c.exec("BEGIN");
    } catch (const std::exception& e) {
      // Nothing ran yet: on a stale connection, empty the pool and try once more.
      if (!c.usable() && attempt == 0) {
        drop_idle();
        continue;
      }
      spdlog::error("store: could not begin a write: {}", e.what());
      return Error{ErrorCode::kInternal, "store.write_failed", {}};
    }
    try {
      c.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLock) + ")");
      int64_t seq = 0;
      std::string hash;
      sql::load_audit_tail(c, seq, hash);
      sql::WriteTx tx(c, clock(), seq, hash);
      Status st = Error{ErrorCode::kInternal, "store.write_failed", {}};
      try {
        st = job(tx);
      } catch (const std::exception& e) {
        spdlog::error("store: write job failed: {}", e.what());
      }
      c.exec(st.ok() ? "COMMIT" : "ROLLBACK");
      return st;
    } catch (const std::exception& e) {
      spdlog::error("store: commit failed: {}", e.what());
      try {
        c.exec("ROLLBACK");
      } catch (const std::exception&) {
        // The connection may be gone; the server rolls back on its own then.
      }
      if (!c.usable()) drop_idle();
      return Error{ErrorCode::kInternal, "store.write_failed", {}};
    }
  }
}

void PostgresStore::put_blob(const std::string& sha256, std::string_view bytes) {
  Lease lease(*this);
  (*lease)
      .prepare("INSERT INTO attachment_blobs(sha256, bytes) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING")
      .bind(1, sha256)
      .bind_blob(2, bytes)
      .run();
}

std::optional<std::string> PostgresStore::get_blob(const std::string& sha256) {
  Lease lease(*this);
  // The bytes as hex text ("\x…"), decoded here: the interface reads every column as text.
  auto& st = (*lease).prepare("SELECT encode(bytes, 'hex') FROM attachment_blobs WHERE sha256 = ?");
  st.bind(1, sha256);
  std::optional<std::string> out;
  if (st.step()) {
    const std::string_view hex = st.text_view(0);
    std::string bytes;
    bytes.reserve(hex.size() / 2);
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      bytes.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
    }
    out = std::move(bytes);
  }
  st.reset();
  return out;
}

// A consistent copy with pg_dump (custom format, restore with pg_restore), taken in one
// snapshot while the server keeps serving. The target must not exist.
Status PostgresStore::backup(const std::string& target) {
  namespace fs = std::filesystem;
  if (fs::exists(target)) return Error::field(ErrorCode::kConflict, "out", "backup.target_exists");
  // The password (if the URL has one) goes to pg_dump in its environment, never on its command
  // line, where every local user could read it.
  std::string url = url_, password;
  const auto scheme = url.find("://");
  const auto at = url.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  const auto colon = scheme == std::string::npos ? std::string::npos : url.find(':', scheme + 3);
  if (at != std::string::npos && colon != std::string::npos && colon < at) {
    password = url.substr(colon + 1, at - colon - 1);
    url = url.substr(0, colon) + url.substr(at);
  }
  std::vector<std::string> args = {"pg_dump", "--format=custom", "--file=" + target, "--dbname=" + url};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    if (std::string_view(*e).rfind("PGPASSWORD=", 0) != 0) env_strings.emplace_back(*e);
  }
  if (!password.empty()) env_strings.push_back("PGPASSWORD=" + password);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, "pg_dump", nullptr, nullptr, argv.data(), envp.data()) != 0) {
    spdlog::error("store: backup failed: pg_dump could not be started");
    return Error{ErrorCode::kInternal, "backup.failed", {}};
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    spdlog::error("store: backup failed: pg_dump exited with {}", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    std::error_code ec;
    fs::remove(target, ec);
    return Error{ErrorCode::kInternal, "backup.failed", {}};
  }
  return ok_status();
}

}  // namespace bb::postgres
