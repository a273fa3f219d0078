#include "store/postgres/pg_db.h"

#include <cctype>
#include <charconv>

namespace bb::postgres {

// ------------------------------------------------------------------------------ statement --

void Statement::set(int index, std::string value, bool null) {
  const auto i = static_cast<size_t>(index - 1);
  if (values_.size() <= i) {
    values_.resize(i + 1);
    nulls_.resize(i + 1, 1);
  }
  values_[i] = std::move(value);
  nulls_[i] = null ? 1 : 0;
}

sql::Statement& Statement::bind(int index, int64_t value) {
  set(index, std::to_string(value), false);
  return *this;
}

sql::Statement& Statement::bind(int index, std::string_view text) {
  set(index, std::string(text), false);
  return *this;
}

sql::Statement& Statement::bind_null(int index) {
  set(index, {}, true);
  return *this;
}

sql::Statement& Statement::bind_blob(int index, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex = "\\x";
  hex.reserve(2 + bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  set(index, std::move(hex), false);
  return *this;
}

bool Statement::step() {
  if (!executed_) {
    std::vector<const char*> params(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) params[i] = nulls_[i] ? nullptr : values_[i].c_str();
    result_ = conn_.run_prepared(name_, params);
    executed_ = true;
    row_ = 0;
  }
  if (row_ >= result_.size()) return false;
  ++row_;
  return true;
}

void Statement::reset() {
  executed_ = false;
  result_.clear();
  row_ = 0;
  values_.clear();
  nulls_.clear();
}

int64_t Statement::int64(int col) const {
  const auto f = result_[row_ - 1][col];
  if (f.is_null()) return 0;
  const char* p = f.c_str();
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(p, p + f.size(), v);
  if (ec != std::errc()) {
    // A boolean (EXISTS, a comparison) reads as 0 or 1, as on SQLite.
    if (f.size() == 1 && (*p == 't' || *p == 'f')) return *p == 't' ? 1 : 0;
    // Aggregates over BIGINT (SUM, AVG) come back as numeric text such as "12.0000".
    return static_cast<int64_t>(std::strtod(p, nullptr));
  }
  (void)end;
  return v;
}

bool Statement::is_null(int col) const { return result_[row_ - 1][col].is_null(); }

std::string_view Statement::text_view(int col) const {
  const auto f = result_[row_ - 1][col];
  if (f.is_null()) return {};
  return {f.c_str(), f.size()};
}

// ----------------------------------------------------------------------------- connection --

namespace {

// The connection error without the URL libpq may echo.
sql::DbError connect_error(const std::string& url, const std::exception& e) {
  std::string why = e.what();
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  return sql::DbError("kan ikke forbinde til PostgreSQL-databasen " + redact_url(url) + ": " + why);
}

pqxx::connection open(const std::string& url) {
  try {
    return pqxx::connection(url);
  } catch (const std::exception& e) {
    throw connect_error(url, e);
  }
}

}  // namespace

Connection::Connection(const std::string& url) : conn_(open(url)) {
  tx_ = std::make_unique<pqxx::nontransaction>(conn_);
  // Dates and times are ISO text in the tables; nothing depends on the server's time zone, but
  // keep now() and friends in UTC like the rest of the program.
  exec("SET TIME ZONE 'UTC'");
}

Connection::~Connection() {
  cache_.clear();
  tx_.reset();
}

bool Connection::usable() const { return conn_.is_open(); }

template <typename F>
pqxx::result Connection::guarded(F&& f) {
  try {
    return f(*tx_);
  } catch (const pqxx::broken_connection& e) {
    throw sql::DbError(std::string("forbindelsen til PostgreSQL er afbrudt: ") + e.what());
  } catch (const pqxx::sql_error& e) {
    // A failed statement leaves the nontransaction unusable in libpqxx; start a fresh one (the
    // server-side transaction block, if any, is rolled back by the caller).
    tx_.reset();
    tx_ = std::make_unique<pqxx::nontransaction>(conn_);
    // Class 53, insufficient resources: 53100 disk_full, 53200 out of memory, 53300 too many
    // connections, 53400 configuration limit exceeded; only the first means "the disk is full".
    throw sql::DbError(e.what(), e.sqlstate() == "53100");
  }
}

std::string Connection::number_placeholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (c != '?' || quoted) {
      out.push_back(c);
    } else if (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out.push_back('$');  // "?3" names its parameter, as "$3" does
    } else {
      out += '$' + std::to_string(++n);
    }
  }
  return out;
}

sql::Statement& Connection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->reset();
    return *it->second;
  }
  const std::string name = "s" + std::to_string(cache_.size() + 1);
  conn_.prepare(name, number_placeholders(sql));
  auto [pos, _] = cache_.emplace(sql, std::make_unique<Statement>(*this, name));
  return *pos->second;
}

pqxx::result Connection::run_prepared(const std::string& name, const std::vector<const char*>& params) {
  pqxx::result r = guarded([&](pqxx::nontransaction& tx) {
    return tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(params));
  });
  changes_ = static_cast<int>(r.affected_rows());
  return r;
}

void Connection::exec(const std::string& sql) {
  guarded([&](pqxx::nontransaction& tx) { return tx.exec(sql); });
}

int64_t Connection::last_insert_id() {
  pqxx::result r = guarded([](pqxx::nontransaction& tx) { return tx.exec("SELECT lastval()"); });
  return r[0][0].as<int64_t>();
}

std::string redact_url(const std::string& url) {
  // postgresql://user:password@host… → postgresql://user:***@host…
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const auto at = url.find('@', scheme + 3);
  if (at == std::string::npos) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace bb::postgres
