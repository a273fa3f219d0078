// `brobygger restore --from FILE [--force]`: puts a backup made by `brobygger backup` back as
// the database named by --db, checked before and after (docs/OPERATIONS.md §6, "Restore drill").
//
//   SQLite      FILE (+ FILE-attachments/) → DB (+ DB-attachments/). Refuses when DB exists
//               unless --force; then the old database, its -wal/-shm and its attachments are
//               moved aside into DB.foer-gendannelse-YYYYMMDD-HHMMSS/ (never deleted). The
//               backup is copied to a temp file beside DB and checked there (integrity_check,
//               a schema version this program knows, the audit chain, every attachment present
//               with the right SHA-256) before it is fsynced and renamed into place. Refuses
//               while a server has the database open.
//   PostgreSQL  pg_restore of FILE (a pg_dump --format=custom archive) into DB in one
//               transaction. Refuses when DB already holds Brobygger's tables unless --force
//               (then --clean --if-exists). The archive's schema version is checked first;
//               afterwards the audit chain and the attachment contents.
//
// Exit codes: 0 restored and checked; 1 the backup is damaged or a step failed; 2 wrong use
// (no such file, target exists without --force, database in use).
#pragma once

#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace bb::cli {

class RestoreCommand {
 public:
  // Adds `restore` to `app`. `db` and `format` are the global options' variables, read when
  // run() runs, after parsing.
  RestoreCommand(CLI::App& app, const std::string& db, const std::string& format);
  ~RestoreCommand();

  // After parsing: the exit code when `restore` was given, nullopt otherwise.
  std::optional<int> run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bb::cli
