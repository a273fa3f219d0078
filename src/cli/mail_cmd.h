// The `brobygger mail …` subcommands (digest, send, outbox) and the SMTP options of `serve`,
// kept out of cli.cc: cli.cc constructs one MailCommands before parsing, asks it to run after
// parsing, and lets `serve` start the reminder worker through it.
//
//   brobygger mail digest [--date YYYY-MM-DD] [--base-url URL] [--share DIR]
//   brobygger mail send --smtp-url smtp://host:port --smtp-from ADDR [--smtp-user U
//                       --smtp-password-file F] [--smtp-require-tls] [--format json]
//   brobygger mail outbox [--limit N] [--format json]
//   brobygger serve … --smtp-url … --smtp-from … [--digest-hour H] [--base-url URL]
//
// The SMTP password is read from a file, never taken on the command line. Nothing printed
// contains mail bodies. Not thread-safe (the CLI is single-threaded until serve starts).
#pragma once

#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace bb {
class Store;
class Clock;
namespace mail {
class Mailer;
}
}  // namespace bb

namespace bb::cli {

class MailCommands {
 public:
  // Resolves --share to the directory with messages/ (cli.cc's share_dir()).
  using ShareDir = std::string (*)(const std::string& option);

  // Adds `mail` to `app` and the SMTP options to `serve`. `db` and `format` are the global
  // options' variables; they are read when run() runs, after parsing.
  MailCommands(CLI::App& app, CLI::App& serve, const std::string& db, const std::string& format,
               ShareDir share_dir);
  ~MailCommands();

  // After parsing: the exit code of the `mail` subcommand given, or nullopt when none was.
  std::optional<int> run();

  // For `serve`: when --smtp-url was given, a started reminder worker over `store` (texts from
  // share_dir/messages); nullptr otherwise. Throws std::runtime_error (a Danish message) when
  // the password file cannot be read. Destroying the worker stops it.
  std::unique_ptr<mail::Mailer> start_for_serve(Store& store, const Clock& clock, const std::string& share_dir);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bb::cli
