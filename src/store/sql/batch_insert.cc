#include "store/sql/batch_insert.h"

#include <algorithm>

namespace bb::sql {

BatchInsert::BatchInsert(Connection& db, std::string table, std::vector<std::string> columns, std::string suffix,
                         OnRow on_row, size_t max_rows)
    : db_(db),
      table_(std::move(table)),
      columns_(std::move(columns)),
      suffix_(std::move(suffix)),
      on_row_(std::move(on_row)) {
  const size_t by_values = 30000 / std::max<size_t>(1, columns_.size());
  rows_per_statement_ = std::max<size_t>(1, std::min(max_rows, by_values));
}

BatchInsert& BatchInsert::add(int64_t v) {
  values_.emplace_back(v);
  return *this;
}

BatchInsert& BatchInsert::add(std::string_view v) {
  values_.emplace_back(std::string(v));
  return *this;
}

BatchInsert& BatchInsert::add_null() {
  values_.emplace_back(std::monostate{});
  return *this;
}

void BatchInsert::end_row() {
  if (values_.size() != (rows_ + 1) * columns_.size()) {
    throw DbError("batch insert into " + table_ + ": a row has " +
                  std::to_string(values_.size() - rows_ * columns_.size()) + " values, expected " +
                  std::to_string(columns_.size()));
  }
  if (++rows_ == rows_per_statement_) flush();
}

void BatchInsert::flush() {
  if (rows_ == 0) return;
  auto& st = db_.prepare(sql_for(rows_));
  for (size_t i = 0; i < values_.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    const auto& v = values_[i];
    if (const auto* n = std::get_if<int64_t>(&v)) {
      st.bind(index, *n);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      st.bind(index, std::string_view(*s));
    } else {
      st.bind_null(index);
    }
  }
  while (st.step()) {
    if (on_row_) on_row_(st);
  }
  st.reset();
  values_.clear();
  rows_ = 0;
}

std::string BatchInsert::sql_for(size_t rows) const {
  std::string one = "(";
  for (size_t c = 0; c < columns_.size(); ++c) one += c == 0 ? "?" : ", ?";
  one += ")";
  std::string sql = "INSERT INTO " + table_ + "(";
  for (size_t c = 0; c < columns_.size(); ++c) sql += (c == 0 ? "" : ", ") + columns_[c];
  sql += ") VALUES ";
  sql.reserve(sql.size() + rows * (one.size() + 2) + suffix_.size());
  for (size_t r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    sql += one;
  }
  return sql + suffix_;
}

}  // namespace bb::sql
