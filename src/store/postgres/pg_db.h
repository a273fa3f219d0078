// The PostgreSQL implementation of the store's SQL interface (store/sql/db.h) over libpqxx 6:
// one server connection with its prepared statements. "?" placeholders are numbered $1, $2, …
// when a statement is prepared; values are sent as text with no declared type, so the server
// infers each from the column or expression it meets (bytea in the hex form). Not thread-safe:
// a connection belongs to one thread at a time (leased from the store's pool).
#pragma once

#include <pqxx/pqxx>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql/db.h"

namespace bb::postgres {

class Connection;

class Statement final : public sql::Statement {
 public:
  Statement(Connection& conn, std::string name) : conn_(conn), name_(std::move(name)) {}

  using sql::Statement::bind;
  sql::Statement& bind(int index, int64_t value) override;
  sql::Statement& bind(int index, std::string_view text) override;
  sql::Statement& bind_null(int index) override;
  sql::Statement& bind_blob(int index, std::string_view bytes) override;

  bool step() override;
  void reset() override;

  int64_t int64(int col) const override;
  bool is_null(int col) const override;
  std::string_view text_view(int col) const override;

 private:
  void set(int index, std::string value, bool null);

  Connection& conn_;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<char> nulls_;
  pqxx::result result_;
  bool executed_ = false;
  pqxx::result::size_type row_ = 0;  // the current row is row_ - 1
};

class Connection final : public sql::Connection {
 public:
  // Throws sql::DbError naming the server (never the password) when it cannot connect.
  explicit Connection(const std::string& url);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sql::Statement& prepare(const std::string& sql) override;
  void exec(const std::string& sql) override;
  int64_t last_insert_id() override;
  int changes() override { return changes_; }
  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }

  // False once the server connection is gone (the pool then drops it).
  bool usable() const;
  // Runs a prepared statement (for Statement).
  pqxx::result run_prepared(const std::string& name, const std::vector<const char*>& params);
  // "?" placeholders to $1, $2, … outside quoted text.
  static std::string number_placeholders(const std::string& sql);

 private:
  template <typename F>
  pqxx::result guarded(F&& f);

  pqxx::connection conn_;
  std::unique_ptr<pqxx::nontransaction> tx_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
  int changes_ = 0;
};

// "postgresql://user@host:port/db" with any password replaced by "***", for messages and logs.
std::string redact_url(const std::string& url);

}  // namespace bb::postgres
