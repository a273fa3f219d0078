// Thin RAII wrappers over the SQLite C API: a Connection that opens with Brobygger's pragmas
// and caches prepared statements, and a Statement with typed bind/column helpers.
// Only constant SQL text is ever prepared; every value is bound. Not thread-safe: a Connection
// belongs to one thread at a time (the writer thread, or a reader that leased it).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bb::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding is 1-based, as in SQLite.
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::optional<int64_t> value);
  Statement& bind_null(int index);
  // Text that is NULL when empty.
  Statement& bind_or_null(int index, const std::string& text);
  Statement& bind_blob(int index, std::string_view bytes);

  // True while a row is available; throws SqliteError on failure.
  bool step();
  void run() { while (step()) {} }
  void reset();

  int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string text(int col) const;
  // The text without a copy; valid until the next step(), reset() or column call on the row.
  std::string_view text_view(int col) const;
  std::optional<int64_t> opt_int64(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

enum class OpenMode { kReadWrite, kReadOnly };

class Connection {
 public:
  Connection(const std::string& path, OpenMode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement, reset and with bindings cleared. Valid until the next
  // prepare() of the same SQL on this connection.
  Statement& prepare(const std::string& sql);
  // Runs SQL without results (pragmas, DDL, BEGIN/COMMIT).
  void exec(const std::string& sql);
  int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace bb::sqlite
