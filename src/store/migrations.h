// The versioned schema. Each migration has one number and runs once, in order, inside a
// transaction, at start-up. A database whose version is newer than the program's is refused.
// Migrations are append-only: never edit one that has shipped; add the next.
#pragma once

#include <string>
#include <vector>

namespace bb {

struct Migration {
  int version;
  std::string name;
  std::string sqlite_sql;
};

const std::vector<Migration>& migrations();

}  // namespace bb
