// The parts of the PostgreSQL connection that need no server: placeholder numbering and the
// redaction of passwords in URLs (the server-side behaviour is covered by the store contract
// suite on a real cluster).
#include "store/postgres/pg_db.h"

#include <gtest/gtest.h>

namespace bb::postgres {
namespace {

TEST(PgPlaceholdersTest, QuestionMarksAreNumberedInOrder) {
  EXPECT_EQ(Connection::number_placeholders("SELECT a FROM t WHERE b = ? AND c = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
  EXPECT_EQ(Connection::number_placeholders("SELECT 1"), "SELECT 1");
}

TEST(PgPlaceholdersTest, NumberedPlaceholdersKeepTheirNumber) {
  EXPECT_EQ(Connection::number_placeholders("WHERE x >= ?1 AND x <= ?2 AND (CAST(?3 AS TEXT) = '' OR y = ?3)"),
            "WHERE x >= $1 AND x <= $2 AND (CAST($3 AS TEXT) = '' OR y = $3)");
}

TEST(PgPlaceholdersTest, QuestionMarksInQuotedTextAreLeftAlone) {
  EXPECT_EQ(Connection::number_placeholders("SELECT '?', x FROM t WHERE y = ? AND z = 'a?b'"),
            "SELECT '?', x FROM t WHERE y = $1 AND z = 'a?b'");
  // A doubled quote inside text keeps the text open.
  EXPECT_EQ(Connection::number_placeholders("SELECT 'it''s ?' WHERE a = ?"), "SELECT 'it''s ?' WHERE a = $1");
}

TEST(PgRedactTest, PasswordsAreReplacedAndNothingElseChanges) {
  EXPECT_EQ(redact_url("postgresql://bb:S3cret@db1:5432/brobygger"), "postgresql://bb:***@db1:5432/brobygger");
  EXPECT_EQ(redact_url("postgresql://bb@db1:5432/brobygger"), "postgresql://bb@db1:5432/brobygger");
  EXPECT_EQ(redact_url("postgresql://db1/brobygger"), "postgresql://db1/brobygger");
  EXPECT_EQ(redact_url("/srv/brobygger/data.db"), "/srv/brobygger/data.db");
}

}  // namespace
}  // namespace bb::postgres
