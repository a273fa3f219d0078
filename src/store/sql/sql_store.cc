// What every SQL backend does the same way.
#include "store/sql/sql_store.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "store/migrations.h"

namespace bb::sql {

bool SqlStore::healthy() {
  try {
    return read([](Connection& c) {
      auto& st = c.prepare("SELECT 1");
      const bool ok = st.step();
      st.reset();
      return ok;
    });
  } catch (const std::exception&) {
    return false;
  }
}

bool SqlStore::empty() {
  return read([](Connection& c) {
    auto& st = c.prepare("SELECT (SELECT COUNT(*) FROM cases) + (SELECT COUNT(*) FROM users)");
    st.step();
    const bool none = st.int64(0) == 0;
    st.reset();
    return none;
  });
}

void migrate(Connection& conn, const Clock& clock, const std::vector<std::string>& begin) {
  const bool pg = conn.dialect() == Dialect::kPostgres;
  for (const auto& sql : begin) conn.exec(sql);
  try {
    conn.exec(std::string("CREATE TABLE IF NOT EXISTS schema_migrations (version ") +
              (pg ? "BIGINT" : "INTEGER") + " PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    int64_t current = 0;
    {
      auto& st = conn.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      if (st.step()) current = st.int64(0);
      st.reset();
    }
    const auto& all = migrations();
    if (!all.empty() && current > all.back().version) {
      throw std::runtime_error("databasen har skemaversion " + std::to_string(current) +
                               ", som er nyere end dette programs (" + std::to_string(all.back().version) +
                               "); opgrader Brobygger");
    }
    for (const auto& m : all) {
      if (m.version <= current) continue;
      conn.exec(pg ? m.postgres_sql : m.sqlite_sql);
      conn.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?,?,?)")
          .bind(1, m.version)
          .bind(2, m.name)
          .bind(3, format_utc(clock.now()))
          .run();
      spdlog::info("store: applied migration {} ({})", m.version, m.name);
    }
    conn.exec("COMMIT");
  } catch (...) {
    try {
      conn.exec("ROLLBACK");
    } catch (const std::exception&) {
      // The connection may be gone; nothing was committed.
    }
    throw;
  }
}

}  // namespace bb::sql
