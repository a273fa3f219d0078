// The SQLite implementation of the store's SQL interface (store/sql/db.h): thin RAII wrappers
// over the SQLite C API, a Connection that opens with Brobygger's pragmas and caches prepared
// statements. Not thread-safe: a Connection belongs to one thread at a time (the writer
// thread, or a reader that leased it).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql/db.h"

namespace bb::sqlite {

class SqliteError : public sql::DbError {
 public:
  SqliteError(int code, const std::string& what)
      : sql::DbError(what, (code & 0xff) == SQLITE_FULL), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Statement final : public sql::Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() override;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  using sql::Statement::bind;
  sql::Statement& bind(int index, int64_t value) override;
  sql::Statement& bind(int index, std::string_view text) override;
  sql::Statement& bind_null(int index) override;
  sql::Statement& bind_blob(int index, std::string_view bytes) override;

  bool step() override;
  void reset() override;

  int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string_view text_view(int col) const override;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

enum class OpenMode { kReadWrite, kReadOnly };

class Connection final : public sql::Connection {
 public:
  Connection(const std::string& path, OpenMode mode);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sql::Statement& prepare(const std::string& sql) override;
  void exec(const std::string& sql) override;
  int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }
  int changes() override { return sqlite3_changes(db_); }
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  sqlite3* raw() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace bb::sqlite
