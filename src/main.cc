// brobygger: CLI and server in one executable. main only dispatches.
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <exception>

#include "cli/cli.h"

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fprintf(stderr, "brobygger: libsodium kunne ikke initialiseres\n");
    return 1;
  }
  try {
    return bb::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "brobygger: %s\n", e.what());
    return 1;
  }
}
