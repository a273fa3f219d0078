// Moving an office from SQLite to PostgreSQL (`brobygger migrate --from FILE.db --to
// postgresql://…`): every table row for row with its ids, the search index, the attachment
// bytes, and then a check that the copy is whole — equal row counts per table, the same audit
// chain (same length, same last hash) and a chain that verifies on the target.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/result.h"
#include "store/sql/sql_store.h"

namespace bb {

struct MovedTable {
  std::string table;
  int64_t source = 0;
  int64_t target = 0;
};

struct MoveReport {
  std::vector<MovedTable> tables;  // in the order they were copied (referenced tables first)
  int64_t attachment_bytes = 0;    // attachment contents copied (distinct by SHA-256)
  int64_t audit_entries = 0;       // entries verified on the target
  bool verified = false;           // counts equal and the audit chain intact and the same
  std::string problem;             // what did not match, when !verified
};

// Copies `from` (SQLite, schema already brought up to date by opening it) into `to`
// (PostgreSQL, migrated and holding no cases, users, audit entries or survey answers) in one
// transaction, then verifies. Refuses a non-empty target with kConflict ("move.target_not_empty")
// and writes nothing then; any fault rolls the whole copy back (kInternal).
Result<MoveReport> move_database(sql::SqlStore& from, sql::SqlStore& to);

}  // namespace bb
