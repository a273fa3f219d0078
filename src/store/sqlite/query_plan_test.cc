// The query plans of the case list on SQLite: the list by status must read the index in the
// order it shows (newest received first, then highest id) and stop at the limit, never sort
// all cases of that status in a temporary B-tree (docs/PERFORMANCE.md, "Soak", finding 3).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "domain/clock.h"
#include "store/store.h"

namespace bb {
namespace {

namespace fs = std::filesystem;

std::string plan(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &st, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  std::string out;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    out += reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
    out += "\n";
  }
  sqlite3_finalize(st);
  return out;
}

TEST(SqliteQueryPlanTest, CaseListByStatusReadsTheIndexInOrder) {
  const fs::path dir = fs::temp_directory_path() / ("bb_plan_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "t.db").string();
  {
    SystemClock clock;
    auto store = open_store(path, clock);  // creates the schema with every migration
    ASSERT_TRUE(store);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  // The shapes CaseStore::list builds for a status, with and without a department, and the
  // next page after a cursor.
  const std::string order = " ORDER BY c.received DESC, c.id DESC LIMIT 50";
  for (const std::string where :
       {"c.status = 'ny'",
        "c.status = 'ny' AND c.id IN (SELECT case_id FROM case_departments WHERE department = 'Jobcenter')",
        "c.status = 'i_gang' AND (c.received < '2024-03-14' OR (c.received = '2024-03-14' AND c.id < 900))"}) {
    const std::string p = plan(db, "SELECT c.id FROM cases c WHERE " + where + order);
    EXPECT_NE(p.find("cases_status"), std::string::npos) << where << "\n" << p;
    EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos) << where << "\n" << p;
  }
  sqlite3_close(db);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace bb
