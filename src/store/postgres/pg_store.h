// The PostgreSQL implementation of Store: the shared SQL parts (store/sql/sql_store.h) over a
// pool of server connections for reads and one writer thread with group commit, as on SQLite:
// the writer runs every waiting job in one transaction (each in its own savepoint, so a failed
// job rolls back alone) and commits once; a call returns after that commit. The transaction
// first takes one advisory lock and reads the audit chain's tail, which keeps the chain in
// commit order across every server and CLI process using the database. Attachment bytes live in
// the database (attachment_blobs), so replication and backups carry them.
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

#include "store/postgres/pg_db.h"
#include "store/sql/sql_store.h"

namespace bb::postgres {

class PostgresStore final : public sql::SqlStore {
 public:
  // Connects, applies pending migrations; throws std::runtime_error with a clear message.
  PostgresStore(const std::string& url, const Clock& clock);
  ~PostgresStore() override;

  Status backup(const std::string& target_path) override;
  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  Status write(std::function<Status(sql::WriteTx&)> job) override;
  void put_blob(const std::string& sha256, std::string_view bytes) override;
  std::optional<std::string> get_blob(const std::string& sha256) override;
  bool blob_present(sql::Connection& tx_db, const std::string& sha256) override;
  void drop_blob(sql::Connection& tx_db, const std::string& sha256) override;

 protected:
  void with_reader(const std::function<void(sql::Connection&)>& fn) override;

 private:
  class Lease;
  std::unique_ptr<Connection> acquire();
  void give_back(std::unique_ptr<Connection> conn);
  // After a connection broke (the server restarted or failed over) every idle one is stale too.
  void drop_idle();
  void writer_loop();
  // Runs one batch in one transaction on the writer's connection; throws when the transaction
  // itself fails (results then stay unset).
  void run_batch(std::vector<std::function<Status(sql::WriteTx&)>*>& jobs, std::vector<std::optional<Status>>& results);

  struct Pending {
    std::function<Status(sql::WriteTx&)> job;
    std::promise<Status> done;
  };

  std::string url_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  std::mutex write_mu_;
  std::condition_variable write_cv_;
  std::deque<Pending> queue_;          // guarded by write_mu_
  bool stopping_ = false;              // guarded by write_mu_
  std::unique_ptr<Connection> writer_conn_;  // writer thread only
  std::thread writer_;
};

}  // namespace bb::postgres
