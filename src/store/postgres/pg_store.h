// The PostgreSQL implementation of Store: the shared SQL parts (store/sql/sql_store.h) over a
// pool of server connections. Each write job runs in its own transaction behind one advisory
// lock, which keeps the audit chain in commit order across every server and CLI process using
// the database. Attachment bytes live in the database (attachment_blobs), so replication and
// backups carry them.
#pragma once

#include <memory>
#include <mutex>
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

 protected:
  void with_reader(const std::function<void(sql::Connection&)>& fn) override;

 private:
  class Lease;
  std::unique_ptr<Connection> acquire();
  void give_back(std::unique_ptr<Connection> conn);
  // After a connection broke (the server restarted or failed over) every idle one is stale too.
  void drop_idle();

  std::string url_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
};

}  // namespace bb::postgres
