// Running PostgreSQL's client programs (pg_dump, pg_restore) for backup and restore, with the
// password of a connection URL handed over in their environment, never on a command line,
// where every local user could read it in the process list.
#pragma once

#include <string>
#include <vector>

namespace bb::postgres {

// A connection URL ("postgresql://user:password@host/db") split into the URL without its
// password and the password itself, percent-decoded as libpq decodes it. A URL without a
// password (or a keyword/value connection string) comes back whole with an empty password.
struct UrlParts {
  std::string url;
  std::string password;
};
UrlParts split_password(const std::string& url);

// Runs `args[0]` (looked up in PATH) with `args` as its argument vector and this process's
// environment, in which PGPASSWORD is replaced by `password` (or removed when it is empty).
// Waits for it and returns its exit status, or -1 when it could not be started or did not
// exit normally. When `out` is given, the program's standard output is appended to it;
// otherwise it shares this process's standard output. Its standard error is always shared,
// so its own message reaches the user.
int run_tool(std::vector<std::string> args, const std::string& password, std::string* out = nullptr);

}  // namespace bb::postgres
