#include "store/sqlite/sqlite_store.h"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "store/postgres/pg_store.h"

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
    : sql::SqlStore(clock), path_(path), blob_dir_(path + "-attachments"), readers_(path) {
  {
    Connection conn(path_, OpenMode::kReadWrite);
    sql::migrate(conn, clock, {"BEGIN IMMEDIATE"});
  }
  writer_ = std::make_unique<Writer>(path_, clock);
}

SqliteStore::~SqliteStore() = default;


namespace {

fs::path blob_path(const std::string& dir, const std::string& hash) {
  return fs::path(dir) / hash.substr(0, 2) / hash;
}

void fsync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags);
  if (fd < 0) throw std::runtime_error("open for fsync failed: " + p.string());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("fsync failed: " + p.string());
}

}  // namespace

// Writes the bytes durably: temp file, fsync, rename, fsync of the folder.
void SqliteStore::put_blob(const std::string& sha256, std::string_view bytes) {
  const fs::path target = blob_path(blob_dir_, sha256);
  if (fs::exists(target)) return;  // same content already stored
  fs::create_directories(target.parent_path());
  const fs::path tmp = target.string() + ".tmp" + std::to_string(::getpid()) + "_" +
                       std::to_string(reinterpret_cast<uintptr_t>(&bytes));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw std::runtime_error("write failed: " + tmp.string());
    }
  }
  fsync_path(tmp, O_RDONLY);
  fs::rename(tmp, target);
  fsync_path(target.parent_path(), O_RDONLY | O_DIRECTORY);
}

std::optional<std::string> SqliteStore::get_blob(const std::string& sha256) {
  std::ifstream in(blob_path(blob_dir_, sha256), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool SqliteStore::blob_present(sql::Connection&, const std::string& sha256) {
  return fs::exists(blob_path(blob_dir_, sha256));
}

void SqliteStore::drop_blob(sql::Connection&, const std::string& sha256) {
  const fs::path target = blob_path(blob_dir_, sha256);
  std::error_code ec;
  if (!fs::remove(target, ec) && ec) throw std::runtime_error("remove failed: " + target.string());
  fsync_path(target.parent_path(), O_RDONLY | O_DIRECTORY);
}

Status SqliteStore::backup(const std::string& target) {
  if (fs::exists(target)) return Error::field(ErrorCode::kConflict, "out", "backup.target_exists");
  try {
    // The online backup API copies a consistent snapshot while the writer keeps going. All
    // pages in one step (-1): one read transaction, which in WAL mode does not block the
    // writer. In smaller steps every commit by the writer (another connection) between two
    // steps restarts the copy from the first page, so under steady writes a large database
    // was never done (77 MB under intake: not finished after 60 s).
    Connection dest(target, OpenMode::kReadWrite);
    auto lease = readers_.acquire();
    sqlite3_backup* b = sqlite3_backup_init(dest.raw(), "main", lease->raw(), "main");
    if (!b) throw SqliteError(sqlite3_errcode(dest.raw()), sqlite3_errmsg(dest.raw()));
    int rc;
    do {
      rc = sqlite3_backup_step(b, -1);
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
    return std::make_unique<postgres::PostgresStore>(url, clock);
  }
  std::string path = url;
  if (path.rfind("sqlite://", 0) == 0) path = path.substr(9);
  if (path.empty()) throw std::runtime_error("--db mangler en sti til databasen");
  return std::make_unique<sqlite::SqliteStore>(path, clock);
}

}  // namespace bb
