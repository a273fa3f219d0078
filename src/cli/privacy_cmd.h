// Data protection commands (GDPR), kept out of cli.cc the way SurveyCommands is: constructed
// before parsing, run() after. The rules are in domain/privacy.h; docs/SECURITY.md explains them.
//
//   brobygger retention run [--dry-run] [--years N]
//       Anonymises the cases closed more than N years ago (default: the office's setting, 5).
//       --dry-run lists them and changes nothing. Both write an audit entry.
//   brobygger export person (--cpr DDMMÅÅ-XXXX | --name "NAVN") --out DIR
//       A citizen's access request (art. 15): DIR/indsigt.json with every case about the person,
//       its journal, themes, complaints and the audit entries of who looked, and the attachments
//       in DIR/bilag/. Other cases that mention the person are listed for review, not copied.
//   brobygger erase person (--cpr … | --name …) [--case NUMMER] [--dry-run]
//       Erasure (art. 17) where nothing binds the case; otherwise refused with the reason
//       (notatpligt, journaliseringspligt) and the day the retention period ends.
#pragma once

#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace bb::cli {

class PrivacyCommands {
 public:
  PrivacyCommands(CLI::App& app, const std::string& db, const std::string& format);
  ~PrivacyCommands();
  // After parsing: the exit code of the subcommand given, or nullopt when none was.
  std::optional<int> run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bb::cli
