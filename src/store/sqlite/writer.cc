#include "store/sqlite/writer.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "store/store.h"

namespace bb::sqlite {

Writer::Writer(const std::string& path, const Clock& clock)
    : conn_(path, OpenMode::kReadWrite), checkpoint_conn_(path, OpenMode::kReadWrite), clock_(clock) {
  // Checkpoints fsync the main database file (milliseconds); keep them out of the commit path
  // and let a background thread copy the WAL back while commits go on.
  conn_.exec("PRAGMA wal_autocheckpoint = 0");
  checkpoint_conn_.exec("PRAGMA wal_autocheckpoint = 0");
  sqlite3_wal_hook(
      conn_.raw(),
      [](void* self, sqlite3*, const char*, int pages) {
        static_cast<Writer*>(self)->wal_pages_ = pages;
        return SQLITE_OK;
      },
      this);
  load_audit_tail();
  thread_ = std::thread([this] { loop(); });
  checkpointer_ = std::thread([this] { checkpoint_loop(); });
}

void Writer::checkpoint_loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(500));
    if (stopping_) break;
    if (commits_since_checkpoint_ == 0) continue;
    commits_since_checkpoint_ = 0;
    lock.unlock();
    try {
      checkpoint_conn_.exec("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (const std::exception& e) {
      spdlog::warn("store: checkpoint failed: {}", e.what());
    }
    lock.lock();
  }
}

Writer::~Writer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  checkpoint_cv_.notify_all();
  thread_.join();
  checkpointer_.join();
  try {
    // Leave a compact database behind: copy the whole WAL back and truncate it.
    checkpoint_conn_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const std::exception& e) {
    spdlog::warn("store: final checkpoint failed: {}", e.what());
  }
}

void Writer::load_audit_tail() { sql::load_audit_tail(conn_, audit_seq_, audit_hash_); }

Status Writer::run(Job job) {
  std::future<Status> done;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Error{ErrorCode::kInternal, "store.closed", {}};
    queue_.push_back(Pending{std::move(job), {}});
    done = queue_.back().done.get_future();
  }
  cv_.notify_one();
  return done.get();
}

void Writer::loop() {
  constexpr size_t kMaxBatch = 512;
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<std::optional<Status>> results(batch.size());
    const int64_t seq_before = audit_seq_;
    const std::string hash_before = audit_hash_;
    try {
      conn_.prepare("BEGIN IMMEDIATE").run();
      // Another process (a CLI command next to a running server) may have appended to the
      // chain since the last batch; read the tail again now that we hold the write lock.
      load_audit_tail();
      for (size_t i = 0; i < batch.size(); ++i) {
        const int64_t seq = audit_seq_;
        const std::string hash = audit_hash_;
        conn_.prepare("SAVEPOINT job").run();
        sql::WriteTx tx(conn_, clock_, audit_seq_, audit_hash_);
        try {
          results[i] = batch[i].job(tx);
        } catch (const std::exception& e) {
          spdlog::error("store: write job failed: {}", e.what());
          results[i] = sql::write_failure(e);
        }
        if (!results[i]->ok()) {
          conn_.prepare("ROLLBACK TO job").run();
          audit_seq_ = seq;
          audit_hash_ = hash;
        }
        conn_.prepare("RELEASE job").run();
      }
      conn_.prepare("COMMIT").run();
    } catch (const std::exception& e) {
      spdlog::error("store: commit failed: {}", e.what());
      try {
        conn_.exec("ROLLBACK");
      } catch (const std::exception&) {
        // The transaction may already be gone (e.g. SQLITE_FULL rolls back by itself).
      }
      audit_seq_ = seq_before;
      audit_hash_ = hash_before;
      for (auto& r : results) r = sql::write_failure(e);
    }
    {
      std::lock_guard lock(mu_);
      ++commits_since_checkpoint_;
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(std::move(*results[i]));
    bound_wal();
  }
}

void Writer::bound_wal() {
  // The background PASSIVE checkpoint copies pages back while commits go on, but SQLite only
  // starts the WAL over when a write begins after a checkpoint that caught up, which under
  // steady writes (intake under load, bulk generation) may never happen: the file grew to
  // 5 GB while a million cases were generated. Past the bound, the writer itself runs a RESTART
  // checkpoint between two batches, so the next commit writes from the start of the file again.
  // It must not wait for readers of older snapshots: under a steady read load there always is
  // one, and waiting (the busy timeout, 5 s) stalled every write behind it (requests over 10 s
  // in the 256-connection soak). So it tries without waiting, and again a little later.
  constexpr int kMaxWalPages = 16384;  // 64 MB at 4 KB pages
  constexpr int kRetryPages = 256;     // after a busy attempt, try again this much later
  if (wal_pages_ < kMaxWalPages) return;
  int log_frames = 0, checkpointed = 0;
  sqlite3_busy_timeout(conn_.raw(), 0);
  const int rc = sqlite3_wal_checkpoint_v2(conn_.raw(), nullptr, SQLITE_CHECKPOINT_RESTART, &log_frames, &checkpointed);
  sqlite3_busy_timeout(conn_.raw(), 5000);
  if (rc == SQLITE_OK) {
    wal_pages_ = 0;
  } else {
    if (rc != SQLITE_BUSY) spdlog::warn("store: checkpoint of a large WAL failed: {}", sqlite3_errstr(rc));
    wal_pages_ = kMaxWalPages - kRetryPages;
  }
}

}  // namespace bb::sqlite
