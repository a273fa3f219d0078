// Group commit for SQLite (DESIGN.md §7).
//
// One writer thread owns the only read-write connection. Callers hand it jobs; it runs every
// job waiting in the queue inside one transaction (each job in its own savepoint, so a failed
// job rolls back alone), commits once with synchronous=FULL, and then wakes the callers. A call
// returns only after the commit that holds its job, so success means durable, while the cost
// of the fsync is shared by every request in the batch.
//
// WAL checkpoints run on a background thread every half second (never inside a commit), and a
// full checkpoint truncates the WAL when the store closes.
//
// The writer also owns the tail of the audit chain (last sequence number and hash), so audit
// entries are numbered and linked in commit order without races. It reads the tail again at
// the start of every batch, under the write lock, so a CLI command writing to the same
// database while the server runs extends the same chain instead of breaking it.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "domain/audit.h"
#include "domain/clock.h"
#include "domain/result.h"
#include "store/sql/write_tx.h"
#include "store/sqlite/sqlite_db.h"

namespace bb::sqlite {

class Writer {
 public:
  using Job = std::function<Status(sql::WriteTx&)>;

  Writer(const std::string& path, const Clock& clock);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Runs `job` in the next group commit and returns its status once committed. A job that
  // throws or returns an error is rolled back on its own; a failed commit fails every job of
  // the batch with kInternal.
  Status run(Job job);

 private:
  // Checkpoints and starts the WAL over once it has grown past a bound (see writer.cc).
  void bound_wal();
  struct Pending {
    Job job;
    std::promise<Status> done;
  };
  void loop();
  void checkpoint_loop();
  void load_audit_tail();

  Connection conn_;
  Connection checkpoint_conn_;  // used by checkpointer_ only
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;  // guarded by mu_
  bool stopping_ = false;      // guarded by mu_
  long commits_since_checkpoint_ = 0;  // guarded by mu_
  // Pages in the WAL after the last commit (from SQLite's WAL hook; writer thread only).
  int wal_pages_ = 0;
  std::condition_variable checkpoint_cv_;
  std::thread checkpointer_;
  int64_t audit_seq_ = 0;      // writer thread only
  std::string audit_hash_;     // writer thread only
  std::thread thread_;
};

}  // namespace bb::sqlite
