// The `brobygger` command line: parses arguments with CLI11 and runs one subcommand.
// Returns the process exit code (0 success, 1 failure, 2 usage error).
#pragma once

namespace bb::cli {

int run(int argc, char** argv);

}  // namespace bb::cli
