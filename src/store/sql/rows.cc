// Small helpers shared by the SQL store parts: row decoding, id lists, running numbers.
#include <cstdio>

#include "store/sql/sql_store.h"

namespace bb::sql {

std::optional<Date> opt_date(const Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return Date::parse_iso(st.text_view(col));
}

Date date_column(const Statement& st, int col) {
  return Date::parse_iso(st.text_view(col)).value_or(Date{});
}

std::vector<std::string> split_unit(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (;;) {
    const size_t pos = s.find('\x1f', start);
    out.push_back(s.substr(start, pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string join_ids(const std::vector<int64_t>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out;
}

std::string next_record_number(Connection& db, const char* kind, const char* prefix, int year) {
  auto& st = db.prepare(
      "INSERT INTO counters(kind, year, last) VALUES (?, ?, 1) "
      "ON CONFLICT(kind, year) DO UPDATE SET last = counters.last + 1 RETURNING last");
  st.bind(1, kind).bind(2, year);
  st.step();
  const int64_t n = st.int64(0);
  st.reset();
  char number[48];
  std::snprintf(number, sizeof number, "%s-%04d-%02lld", prefix, year, static_cast<long long>(n));
  return number;
}

bool case_exists(Connection& db, int64_t case_id) {
  auto& st = db.prepare("SELECT 1 FROM cases WHERE id = ?");
  st.bind(1, case_id);
  const bool found = st.step();
  st.reset();
  return found;
}

std::optional<int64_t> first_missing_case(Connection& db, const std::vector<int64_t>& case_ids) {
  for (int64_t id : case_ids) {
    if (!case_exists(db, id)) return id;
  }
  return std::nullopt;
}

int64_t search_key(Dialect dialect, const Date& received, int64_t id) {
  // SQLite (migration 8): the FTS5 rowid orders like the case list, so a search reads matches
  // in that order and stops at the end of the page. PostgreSQL searches through the cases'
  // own index and keys the row by id.
  if (dialect == Dialect::kPostgres) return id;
  const int64_t day = int64_t{received.year()} * 10000 + received.month() * 100 + received.day();
  return day * kSearchKeyIdSpan + id;
}

}  // namespace bb::sql
