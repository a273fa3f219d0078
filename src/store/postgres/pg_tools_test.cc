// The password handling around PostgreSQL's client programs: the split of a URL, and that a
// program started by run_tool gets the password in PGPASSWORD and nowhere else (real child
// processes; pg_dump itself is exercised by the backup tests on a real cluster).
#include "store/postgres/pg_tools.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace bb::postgres {
namespace {

TEST(PgToolsTest, PasswordIsTakenOutOfTheUrl) {
  const auto parts = split_password("postgresql://bb:S3cret@db1:5432/brobygger?sslmode=require");
  EXPECT_EQ(parts.url, "postgresql://bb@db1:5432/brobygger?sslmode=require");
  EXPECT_EQ(parts.password, "S3cret");
}

TEST(PgToolsTest, PercentEncodedPasswordIsDecodedAsLibpqDoes) {
  const auto parts = split_password("postgres://bb:p%40ss%3Aw%2Fd@localhost/db");
  EXPECT_EQ(parts.url, "postgres://bb@localhost/db");
  EXPECT_EQ(parts.password, "p@ss:w/d");
  // A stray '%' that starts no escape stays as it is.
  EXPECT_EQ(split_password("postgresql://u:50%@h/d").password, "50%");
}

TEST(PgToolsTest, UrlsWithoutPasswordComeBackWhole) {
  for (const std::string url : {"postgresql://bb@db1/brobygger", "postgresql://db1:5432/brobygger",
                                "postgresql:///brobygger?host=/tmp", "host=/tmp dbname=brobygger"}) {
    const auto parts = split_password(url);
    EXPECT_EQ(parts.url, url);
    EXPECT_EQ(parts.password, "");
  }
}

TEST(PgToolsTest, ChildGetsThePasswordInItsEnvironmentOnly) {
  ::setenv("PGPASSWORD", "inherited-must-not-leak", 1);
  std::string out;
  // The child prints its PGPASSWORD and its own command line.
  ASSERT_EQ(run_tool({"sh", "-c", "printf '%s|' \"$PGPASSWORD\"; tr '\\0' ' ' < /proc/$$/cmdline"}, "S3cret", &out), 0);
  EXPECT_EQ(out.substr(0, out.find('|')), "S3cret");
  EXPECT_EQ(out.find("inherited-must-not-leak"), std::string::npos);
  EXPECT_EQ(out.find("S3cret", 1), std::string::npos) << "the password is not on the command line: " << out;

  out.clear();
  ASSERT_EQ(run_tool({"sh", "-c", "printf '%s' \"${PGPASSWORD-unset}\""}, "", &out), 0);
  EXPECT_EQ(out, "unset") << "an empty password removes an inherited PGPASSWORD";
  ::unsetenv("PGPASSWORD");
}

TEST(PgToolsTest, ExitStatusAndFailureToStartAreReported) {
  EXPECT_EQ(run_tool({"sh", "-c", "exit 3"}, ""), 3);
  std::string out;
  EXPECT_EQ(run_tool({"brobygger-no-such-program-xyz"}, "", &out), -1);
  EXPECT_EQ(run_tool({}, ""), -1);
  // Large output is read while the child runs (no deadlock on a full pipe).
  ASSERT_EQ(run_tool({"sh", "-c", "head -c 1000000 /dev/zero"}, "", &out), 0);
  EXPECT_EQ(out.size(), 1000000u);
}

}  // namespace
}  // namespace bb::postgres
