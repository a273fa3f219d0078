// The `brobygger survey …` and `brobygger network …` subcommands, kept out of cli.cc the way
// MailCommands is: constructed before parsing, run() after.
//
//   brobygger survey list [--format json]
//   brobygger survey create --questionnaire borger --title T [--opens D] [--closes D] [--codes N]
//   brobygger survey import FILE.csv [--survey ID]
//   brobygger survey report [--survey ID] [--year Y] [--by municipality|survey|year]
//                           [--format json|html|pdf] [--out FILE]
//   brobygger survey export --out FILE.json [--year Y]
//   brobygger network report FILE.json… [--format json|html|pdf] [--out FILE] [--threshold N]
//
// Import is all or nothing: every bad line is reported with its number and reason and nothing
// is stored unless the whole file is valid.
#pragma once

#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace bb::cli {

class SurveyCommands {
 public:
  using ShareDir = std::string (*)(const std::string& option);
  SurveyCommands(CLI::App& app, const std::string& db, const std::string& format, ShareDir share_dir);
  ~SurveyCommands();
  // After parsing: the exit code of the subcommand given, or nullopt when none was.
  std::optional<int> run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bb::cli
