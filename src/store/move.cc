#include "store/move.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "store/sql/batch_insert.h"

namespace bb {
namespace {

using sql::Connection;

// SourceTable and column names come from the source's own catalogue; only plain names are used in
// SQL text (everything else is refused).
bool plain_name(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

struct SourceTable {
  std::string name;
  std::vector<std::string> columns;
  std::set<std::string> references;  // tables its foreign keys point to
};

// The source's ordinary tables (not the migration bookkeeping, not the FTS5 index and its
// shadow tables), each with its columns and foreign-key targets, referenced tables first.
std::vector<SourceTable> source_tables(Connection& db) {
  std::vector<std::string> names;
  {
    auto& st = db.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'case_fts%' AND name <> 'schema_migrations' ORDER BY name");
    while (st.step()) names.push_back(st.text(0));
    st.reset();
  }
  std::map<std::string, SourceTable> by_name;
  for (const auto& n : names) {
    if (!plain_name(n)) throw sql::DbError("unexpected table name in the source: " + n);
    SourceTable t{n, {}, {}};
    auto& cols = db.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid");
    cols.bind(1, n);
    while (cols.step()) t.columns.push_back(cols.text(0));
    cols.reset();
    auto& fks = db.prepare("SELECT \"table\" FROM pragma_foreign_key_list(?)");
    fks.bind(1, n);
    while (fks.step()) {
      const std::string ref = fks.text(0);
      if (ref != n) t.references.insert(ref);
    }
    fks.reset();
    for (const auto& c : t.columns) {
      if (!plain_name(c)) throw sql::DbError("unexpected column name in the source: " + n + "." + c);
    }
    by_name.emplace(n, std::move(t));
  }
  // Referenced tables first (depth-first; the schema has no cycles).
  std::vector<SourceTable> ordered;
  std::set<std::string> done;
  std::function<void(const std::string&)> visit = [&](const std::string& n) {
    if (done.count(n) || !by_name.count(n)) return;
    done.insert(n);
    for (const auto& r : by_name.at(n).references) visit(r);
    ordered.push_back(by_name.at(n));
  };
  for (const auto& n : names) visit(n);
  return ordered;
}

int64_t count_rows(Connection& db, const std::string& table) {
  auto& st = db.prepare("SELECT COUNT(*) FROM " + table);
  int64_t n = st.step() ? st.int64(0) : 0;
  st.reset();
  return n;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Rows that make a database "in use": the target must have none of them.
constexpr const char* kUseTables[] = {"cases", "users", "audit", "survey_responses", "recommendations",
                                      "investigations", "activities"};

}  // namespace

Result<MoveReport> move_database(sql::SqlStore& from, sql::SqlStore& to) {
  const bool in_use = to.read([](Connection& db) {
    for (const char* t : kUseTables) {
      if (count_rows(db, t) > 0) return true;
    }
    return false;
  });
  if (in_use) return Error{ErrorCode::kConflict, "move.target_not_empty", {}};

  MoveReport report;
  std::vector<SourceTable> tables;
  std::vector<std::string> blobs;
  from.read([&](Connection& src) {
    tables = source_tables(src);
    auto& st = src.prepare("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256");
    while (st.step()) blobs.push_back(st.text(0));
    st.reset();
  });

  // Attachment bytes first (content-addressed: a rerun after a failure just finds them).
  for (const auto& sha : blobs) {
    auto bytes = from.get_blob(sha);
    if (!bytes) {
      spdlog::error("move: the bytes of attachment {} are missing in the source", sha);
      return Error{ErrorCode::kInternal, "move.attachment_missing", {}};
    }
    to.put_blob(sha, *bytes);
    ++report.attachment_bytes;
  }

  Status copied = to.write([&](sql::WriteTx& tx) -> Status {
    Connection& dst = tx.db();
    // What the target's migrations seeded (the theme list) gives way to the source's rows.
    for (auto it = tables.rbegin(); it != tables.rend(); ++it) dst.exec("DELETE FROM " + it->name);
    for (const auto& t : tables) {
      sql::BatchInsert ins(dst, t.name, t.columns);
      int64_t n = 0;
      from.read([&](Connection& src) {
        auto& rows = src.prepare("SELECT " + join(t.columns, ", ") + " FROM " + t.name);
        while (rows.step()) {
          for (size_t c = 0; c < t.columns.size(); ++c) {
            if (rows.is_null(static_cast<int>(c))) {
              ins.add_null();
            } else {
              ins.add(rows.text_view(static_cast<int>(c)));
            }
          }
          ins.end_row();
          ++n;
        }
        rows.reset();
      });
      ins.flush();
      report.tables.push_back({t.name, n, 0});
    }
    // The search index, rebuilt from the same texts.
    sql::BatchInsert fts(dst, "case_fts", {"rowid", "summary", "citizen_name", "journal"});
    int64_t indexed = 0;
    from.read([&](Connection& src) {
      // The source's key orders like the case list (search_key); the target's is the case id.
      auto& rows = src.prepare("SELECT rowid % " + std::to_string(sql::kSearchKeyIdSpan) +
                               ", summary, citizen_name, journal FROM case_fts");
      while (rows.step()) {
        for (int c = 0; c < 4; ++c) fts.add(rows.text_view(c));
        fts.end_row();
        ++indexed;
      }
      rows.reset();
    });
    fts.flush();
    report.tables.push_back({"case_fts", indexed, 0});
    // Generated ids continue after the copied ones.
    std::vector<std::pair<std::string, std::string>> identities;
    {
      auto& st = dst.prepare(
          "SELECT table_name, column_name FROM information_schema.columns "
          "WHERE table_schema = current_schema() AND is_identity = 'YES'");
      while (st.step()) identities.emplace_back(st.text(0), st.text(1));
      st.reset();
    }
    for (const auto& [table, column] : identities) {
      if (!plain_name(table) || !plain_name(column)) continue;
      dst.exec("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), COALESCE(MAX(" + column +
               "), 1), MAX(" + column + ") IS NOT NULL) FROM " + table);
    }
    return ok_status();
  });
  if (!copied) return copied.error();
  // Fresh planner statistics for the copied tables (autovacuum would get there, but the first
  // queries after a move would be planned blind).
  if (to.dialect() == sql::Dialect::kPostgres) {
    Status analyzed = to.write([](sql::WriteTx& tx) -> Status {
      tx.db().exec("ANALYZE");
      return ok_status();
    });
    if (!analyzed) spdlog::warn("move: ANALYZE after the copy failed");
  }

  // Verify: the same number of rows everywhere, the same chain, and a chain that holds.
  std::string problem;
  to.read([&](Connection& dst) {
    for (auto& t : report.tables) {
      t.target = count_rows(dst, t.table);
      if (t.target != t.source && problem.empty()) {
        problem = t.table + ": " + std::to_string(t.source) + " rækker i kilden, " + std::to_string(t.target) + " i målet";
      }
    }
  });
  auto tail = [](Connection& db) {
    auto& st = db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    std::string out = st.step() ? std::to_string(st.int64(0)) + ":" + st.text(1) : "";
    st.reset();
    return out;
  };
  if (problem.empty() && from.read(tail) != to.read(tail)) problem = "revisionsloggens sidste post er ikke den samme";
  const ChainCheck chain = to.audit().verify();
  report.audit_entries = chain.checked;
  if (problem.empty() && !chain.ok) problem = "revisionsloggen i målet er brudt";
  report.verified = problem.empty();
  report.problem = problem;
  return report;
}

}  // namespace bb
