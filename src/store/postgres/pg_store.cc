#include "store/postgres/pg_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "store/postgres/pg_tools.h"

namespace bb::postgres {

namespace {

// Taken by every write transaction (and by migrations): one writer at a time, as on SQLite.
constexpr int64_t kWriteLock = 0x42425752;  // "BBWR"
// Idle connections kept for reuse: more than the server's threads (24 by default, each may hold
// one lease at a time), since a connection closed and opened again costs a new server process
// and every statement prepared anew. With 16, a read load at 24 threads opened and closed
// connections all the time.
constexpr size_t kMaxIdle = 64;

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
  {
    Lease lease(*this);
    sql::migrate(*lease, clock, {"BEGIN", "SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLock) + ")"});
  }
  writer_ = std::thread([this] { writer_loop(); });
}

PostgresStore::~PostgresStore() {
  {
    std::lock_guard lock(write_mu_);
    stopping_ = true;
  }
  write_cv_.notify_all();
  writer_.join();
}

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
  std::future<Status> done;
  {
    std::lock_guard lock(write_mu_);
    if (stopping_) return Error{ErrorCode::kInternal, "store.closed", {}};
    queue_.push_back(Pending{std::move(job), {}});
    done = queue_.back().done.get_future();
  }
  write_cv_.notify_one();
  return done.get();
}

void PostgresStore::run_batch(std::vector<std::function<Status(sql::WriteTx&)>*>& jobs,
                              std::vector<std::optional<Status>>& results) {
  if (!writer_conn_ || !writer_conn_->usable()) writer_conn_ = std::make_unique<Connection>(url_);
  Connection& c = *writer_conn_;
  // Every exec is a round trip, and the writer is one thread: statements that need no answer
  // in between go together (BEGIN with the lock, one job's RELEASE with the next one's
  // SAVEPOINT, the last RELEASE with COMMIT).
  c.exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLock) + ")");
  int64_t seq = 0;
  std::string hash;
  sql::load_audit_tail(c, seq, hash);
  for (size_t i = 0; i < jobs.size(); ++i) {
    const int64_t seq_before = seq;
    const std::string hash_before = hash;
    c.exec(i == 0 ? "SAVEPOINT job" : "RELEASE SAVEPOINT job; SAVEPOINT job");
    sql::WriteTx tx(c, clock(), seq, hash);
    try {
      results[i] = (*jobs[i])(tx);
    } catch (const std::exception& e) {
      spdlog::error("store: write job failed: {}", e.what());
      results[i] = sql::write_failure(e);
    }
    if (!results[i]->ok()) {
      c.exec("ROLLBACK TO SAVEPOINT job");
      seq = seq_before;
      hash = hash_before;
    }
  }
  c.exec(jobs.empty() ? "COMMIT" : "RELEASE SAVEPOINT job; COMMIT");
}

void PostgresStore::writer_loop() {
  constexpr size_t kMaxBatch = 512;
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(write_mu_);
      write_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<std::function<Status(sql::WriteTx&)>*> jobs;
    for (auto& p : batch) jobs.push_back(&p.job);
    std::vector<std::optional<Status>> results(batch.size());
    for (int attempt = 0;; ++attempt) {
      try {
        run_batch(jobs, results);
        break;
      } catch (const std::exception& e) {
        const bool broken = writer_conn_ && !writer_conn_->usable();
        if (writer_conn_ && !broken) {
          try {
            writer_conn_->exec("ROLLBACK");
          } catch (const std::exception&) {
          }
        }
        if (broken) {
          writer_conn_.reset();
          drop_idle();
        }
        // A connection that broke before the first job ran (the server restarted or failed
        // over): try the batch once more on a fresh one. Otherwise the batch fails as a whole.
        const bool nothing_ran = std::none_of(results.begin(), results.end(), [](const auto& r) { return r.has_value(); });
        if (broken && nothing_ran && attempt == 0) continue;
        spdlog::error("store: commit failed: {}", e.what());
        for (auto& r : results) r = sql::write_failure(e);
        break;
      }
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(std::move(*results[i]));
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

bool PostgresStore::blob_present(sql::Connection& tx_db, const std::string& sha256) {
  auto& st = tx_db.prepare("SELECT 1 FROM attachment_blobs WHERE sha256 = ?");
  st.bind(1, sha256);
  const bool found = st.step();
  st.reset();
  return found;
}

void PostgresStore::drop_blob(sql::Connection& tx_db, const std::string& sha256) {
  tx_db.prepare("DELETE FROM attachment_blobs WHERE sha256 = ?").bind(1, sha256).run();
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
  const auto [url, password] = split_password(url_);
  const int rc = run_tool({"pg_dump", "--format=custom", "--file=" + target, "--dbname=" + url}, password);
  if (rc != 0) {
    if (rc == -1) {
      spdlog::error("store: backup failed: pg_dump could not be started or was killed");
    } else {
      spdlog::error("store: backup failed: pg_dump exited with {}", rc);
    }
    std::error_code ec;
    fs::remove(target, ec);
    return Error{ErrorCode::kInternal, "backup.failed", {}};
  }
  return ok_status();
}

}  // namespace bb::postgres
