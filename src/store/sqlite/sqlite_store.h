// The SQLite implementation of Store: the shared SQL parts (store/sql/sql_store.h) over one
// writer thread with group commit (writer.h) and a pool of read-only connections. Attachments
// are files under their SHA-256 beside the database ("<db>-attachments/ab/abcdef…"), outside
// any folder the server serves.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sql/sql_store.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/writer.h"

namespace bb::sqlite {

// Read-only connections, leased one per operation.
class ReaderPool {
 public:
  explicit ReaderPool(std::string path) : path_(std::move(path)) {}
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    ~Lease() { pool_.give_back(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ReaderPool& pool_;
    std::unique_ptr<Connection> conn_;
  };
  Lease acquire();

 private:
  void give_back(std::unique_ptr<Connection> conn);
  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
};

class SqliteStore final : public sql::SqlStore {
 public:
  SqliteStore(const std::string& path, const Clock& clock);
  ~SqliteStore() override;

  Status backup(const std::string& target_path) override;
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  Status write(std::function<Status(sql::WriteTx&)> job) override { return writer_->run(std::move(job)); }
  void put_blob(const std::string& sha256, std::string_view bytes) override;
  std::optional<std::string> get_blob(const std::string& sha256) override;
  bool blob_present(sql::Connection& tx_db, const std::string& sha256) override;
  void drop_blob(sql::Connection& tx_db, const std::string& sha256) override;

 protected:
  void with_reader(const std::function<void(sql::Connection&)>& fn) override {
    auto lease = readers_.acquire();
    fn(*lease);
  }

 private:
  std::string path_;
  std::string blob_dir_;
  ReaderPool readers_;
  std::unique_ptr<Writer> writer_;
};

}  // namespace bb::sqlite
