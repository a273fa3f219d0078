// Many rows into one table with one multi-row INSERT per batch instead of one statement per
// row: on PostgreSQL every statement is a round trip to the server, so bulk work (generating
// a million cases, moving a database) spends its time in those. Used by CaseStore::create_many
// and by the SQLite → PostgreSQL move; ordinary writes keep their one-row statements.
//
// Table and column names are constant text from the caller (never user input); every value is
// bound. Not thread-safe, like the Connection it writes through.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/sql/db.h"

namespace bb::sql {

class BatchInsert {
 public:
  // Called for every row the statement returns (with a "RETURNING …" suffix), in order.
  using OnRow = std::function<void(const Statement&)>;

  // `suffix` follows the VALUES list, e.g. " ON CONFLICT DO NOTHING" or " RETURNING id".
  // `max_rows` rows go in one statement at most (fewer when the columns are many: both
  // databases take at least 32,766 bound values in one statement).
  BatchInsert(Connection& db, std::string table, std::vector<std::string> columns, std::string suffix = {},
              OnRow on_row = {}, size_t max_rows = 500);
  BatchInsert(const BatchInsert&) = delete;
  BatchInsert& operator=(const BatchInsert&) = delete;

  BatchInsert& add(int64_t v);
  BatchInsert& add(int v) { return add(static_cast<int64_t>(v)); }
  BatchInsert& add(std::string_view v);
  BatchInsert& add(const std::string& v) { return add(std::string_view(v)); }
  BatchInsert& add(const char* v) { return add(std::string_view(v)); }
  BatchInsert& add(std::optional<int64_t> v) { return v ? add(*v) : add_null(); }
  BatchInsert& add_null();
  // Text that is NULL when empty.
  BatchInsert& add_or_null(const std::string& v) { return v.empty() ? add_null() : add(v); }

  // Ends the row begun by the add() calls since the last end_row(); runs the statement when the
  // batch is full. Throws DbError when the row has the wrong number of values.
  void end_row();
  // Runs the statement for the rows still waiting (call before reading what was inserted).
  void flush();

  size_t rows_per_statement() const { return rows_per_statement_; }

 private:
  std::string sql_for(size_t rows) const;

  Connection& db_;
  std::string table_;
  std::vector<std::string> columns_;
  std::string suffix_;
  OnRow on_row_;
  size_t rows_per_statement_;
  size_t rows_ = 0;
  std::vector<std::variant<std::monostate, int64_t, std::string>> values_;
};

// Binds values to one statement's placeholders in order, with BatchInsert's add() interface, so
// one column list can serve a single-row statement and a batch.
struct StatementRow {
  Statement& st;
  int next = 1;
  StatementRow& add(int64_t v) {
    st.bind(next++, v);
    return *this;
  }
  StatementRow& add(std::string_view v) {
    st.bind(next++, v);
    return *this;
  }
  StatementRow& add(const std::string& v) { return add(std::string_view(v)); }
  StatementRow& add(std::optional<int64_t> v) { return v ? add(*v) : add_null(); }
  StatementRow& add_null() {
    st.bind_null(next++);
    return *this;
  }
  StatementRow& add_or_null(const std::string& v) { return v.empty() ? add_null() : add(v); }
};

}  // namespace bb::sql
