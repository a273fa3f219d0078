#include "store/sqlite/sqlite_store.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <stdexcept>

#include "store/migrations.h"

namespace bb::sqlite {

namespace fs = std::filesystem;

ReaderPool::Lease ReaderPool::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(conn));
    }
  }
  return Lease(*this, std::make_unique<Connection>(path_, OpenMode::kReadOnly));
}

void ReaderPool::give_back(std::unique_ptr<Connection> conn) {
  if (!conn) return;
  std::lock_guard lock(mu_);
  if (idle_.size() < 64) idle_.push_back(std::move(conn));
}

SqliteStore::SqliteStore(const std::string& path, const Clock& clock)
    : path_(path), blob_dir_(path + "-attachments"), clock_(clock), readers_(path) {
  {
    Connection conn(path_, OpenMode::kReadWrite);
    migrate(conn);
  }
  writer_ = std::make_unique<Writer>(path_, clock_);
}

SqliteStore::~SqliteStore() = default;

void SqliteStore::migrate(Connection& conn) {
  conn.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  int64_t current = 0;
  {
    auto& st = conn.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (st.step()) current = st.int64(0);
    st.reset();
  }
  const auto& all = migrations();
  if (!all.empty() && current > all.back().version) {
    throw std::runtime_error("databasen har skemaversion " + std::to_string(current) +
                             ", som er nyere end dette programs (" +
                             std::to_string(all.back().version) + "); opgrader Brobygger");
  }
  for (const auto& m : all) {
    if (m.version <= current) continue;
    conn.exec("BEGIN IMMEDIATE");
    try {
      conn.exec(m.sqlite_sql);
      conn.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?,?,?)")
          .bind(1, m.version)
          .bind(2, m.name)
          .bind(3, format_utc(clock_.now()))
          .run();
      conn.exec("COMMIT");
      spdlog::info("store: applied migration {} ({})", m.version, m.name);
    } catch (...) {
      conn.exec("ROLLBACK");
      throw;
    }
  }
}

bool SqliteStore::healthy() {
  try {
    return read([](Connection& c) {
      auto& st = c.prepare("SELECT 1");
      const bool ok = st.step();
      st.reset();
      return ok;
    });
  } catch (const std::exception&) {
    return false;
  }
}

bool SqliteStore::empty() {
  return read([](Connection& c) {
    auto& st = c.prepare("SELECT (SELECT COUNT(*) FROM cases) + (SELECT COUNT(*) FROM users)");
    st.step();
    const bool none = st.int64(0) == 0;
    st.reset();
    return none;
  });
}

Status SqliteStore::backup(const std::string& target) {
  if (fs::exists(target)) return Error::field(ErrorCode::kConflict, "out", "backup.target_exists");
  try {
    // The online backup API copies a consistent snapshot while the writer keeps going.
    Connection dest(target, OpenMode::kReadWrite);
    auto lease = readers_.acquire();
    sqlite3_backup* b = sqlite3_backup_init(dest.raw(), "main", lease->raw(), "main");
    if (!b) throw SqliteError(sqlite3_errcode(dest.raw()), sqlite3_errmsg(dest.raw()));
    int rc;
    do {
      rc = sqlite3_backup_step(b, 256);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) throw SqliteError(rc, sqlite3_errstr(rc));
    // Attachments are immutable files named by content: copying every file present after the
    // snapshot yields a superset of what the snapshot refers to.
    if (fs::exists(blob_dir_)) {
      fs::copy(blob_dir_, target + "-attachments",
               fs::copy_options::recursive | fs::copy_options::skip_existing);
    }
    return ok_status();
  } catch (const std::exception& e) {
    spdlog::error("store: backup failed: {}", e.what());
    std::error_code ec;
    fs::remove(target, ec);
    return Error{ErrorCode::kInternal, "backup.failed", {}};
  }
}

}  // namespace bb::sqlite

namespace bb {

std::unique_ptr<Store> open_store(const std::string& url, const Clock& clock) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    throw std::runtime_error(
        "PostgreSQL understøttes endnu ikke i denne version; brug en SQLite-fil");
  }
  std::string path = url;
  if (path.rfind("sqlite://", 0) == 0) path = path.substr(9);
  if (path.empty()) throw std::runtime_error("--db mangler en sti til databasen");
  return std::make_unique<sqlite::SqliteStore>(path, clock);
}

}  // namespace bb
