// The versioned schema, one list for both backends: each migration has one number, an SQLite
// text and a PostgreSQL text that give the same tables, columns, constraints and indexes, so the
// store's statements (full-text search aside) run unchanged on either. A migration runs once, in
// order, inside a transaction, at start-up. A database whose version is newer than the program's
// is refused. Migrations are append-only: never edit one that has shipped; add the next.
#pragma once

#include <string>
#include <vector>

namespace bb {

struct Migration {
  int version;
  std::string name;
  std::string sqlite_sql;
  std::string postgres_sql;  // the same schema change for PostgreSQL 15
};

const std::vector<Migration>& migrations();

}  // namespace bb
