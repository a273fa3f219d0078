#include "store/sql/write_tx.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_db.h"

namespace bb::sql {
namespace {

TEST(WriteFailure, FullStorageIs507WithItsOwnMessage) {
  const Error full = write_failure(sqlite::SqliteError(SQLITE_FULL, "step: database or disk is full"));
  EXPECT_EQ(full.code, ErrorCode::kStorageFull);
  EXPECT_EQ(full.message, "store.disk_full");
  // PostgreSQL's connection sets the flag from SQLSTATE 53100.
  EXPECT_EQ(write_failure(DbError("could not extend file: No space left on device", true)).code,
            ErrorCode::kStorageFull);
}

TEST(WriteFailure, OtherFaultsAre500) {
  const Error busy = write_failure(sqlite::SqliteError(SQLITE_BUSY, "step: database is locked"));
  EXPECT_EQ(busy.code, ErrorCode::kInternal);
  EXPECT_EQ(busy.message, "store.write_failed");
  EXPECT_EQ(write_failure(sqlite::SqliteError(SQLITE_IOERR_WRITE, "step: disk I/O error")).code, ErrorCode::kInternal);
  EXPECT_EQ(write_failure(DbError("deadlock detected")).code, ErrorCode::kInternal);
  EXPECT_EQ(write_failure(std::runtime_error("not a database error")).code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace bb::sql
