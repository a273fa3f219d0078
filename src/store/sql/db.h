// The narrow SQL interface the store parts (store/sql/) are written against, implemented by
// SQLite (store/sqlite/sqlite_db.h) and PostgreSQL (store/postgres/pg_db.h): a Connection that
// caches prepared statements and a Statement with 1-based binding and 0-based columns.
//
// Only constant SQL text is ever prepared; every value is bound. Placeholders are written "?"
// (the PostgreSQL connection numbers them). Where the two databases differ (full-text search,
// a few date functions) the part asks the connection for its dialect(). Not thread-safe: a
// Connection belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bb::sql {

enum class Dialect { kSqlite, kPostgres };

// A database fault (not a validation problem): the parts let it propagate; the write path turns
// it into kInternal after rolling back.
class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  DbError(const std::string& what, bool storage_full) : std::runtime_error(what), storage_full_(storage_full) {}
  // The disk is full: nothing more can be written until space is freed (SQLite's SQLITE_FULL,
  // PostgreSQL's SQLSTATE 53100 disk_full).
  bool storage_full() const { return storage_full_; }

 private:
  bool storage_full_ = false;
};


class Statement {
 public:
  virtual ~Statement() = default;

  virtual Statement& bind(int index, int64_t value) = 0;
  virtual Statement& bind(int index, std::string_view text) = 0;
  virtual Statement& bind_null(int index) = 0;
  virtual Statement& bind_blob(int index, std::string_view bytes) = 0;
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::optional<int64_t> value) {
    return value ? bind(index, *value) : bind_null(index);
  }
  // Text that is NULL when empty.
  Statement& bind_or_null(int index, const std::string& text) {
    return text.empty() ? bind_null(index) : bind(index, std::string_view(text));
  }

  // True while a row is available; throws on failure.
  virtual bool step() = 0;
  void run() {
    while (step()) {
    }
  }
  // Ready to bind and run again; bindings are cleared.
  virtual void reset() = 0;

  virtual int64_t int64(int col) const = 0;
  virtual bool is_null(int col) const = 0;
  // The text without a copy; valid until the next step(), reset() or column call on the row.
  virtual std::string_view text_view(int col) const = 0;
  std::string text(int col) const { return std::string(text_view(col)); }
  std::optional<int64_t> opt_int64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<int64_t>(int64(col));
  }
};

class Connection {
 public:
  virtual ~Connection() = default;

  // A cached prepared statement, reset and with bindings cleared. Valid until the next
  // prepare() of the same SQL on this connection.
  virtual Statement& prepare(const std::string& sql) = 0;
  // Runs SQL without results (DDL, BEGIN/COMMIT, several statements).
  virtual void exec(const std::string& sql) = 0;
  // The id the last INSERT into a table with a generated id gave, on this connection.
  virtual int64_t last_insert_id() = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE run on this connection.
  virtual int changes() = 0;
  virtual Dialect dialect() const = 0;
};

// Runs `f` inside one read transaction, so every statement in it sees the same snapshot.
template <typename F>
void in_snapshot(Connection& db, F&& f) {
  db.exec(db.dialect() == Dialect::kPostgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
  try {
    f();
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
  db.exec("COMMIT");
}

}  // namespace bb::sql
