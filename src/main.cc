// brobygger: CLI and server in one executable. main only dispatches.
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <thread>

#include "cli/cli.h"

int main(int argc, char** argv) {
  // Tesseract parallelises with OpenMP; on a small server its worker threads spin against each
  // other and against request threads: one A4 page took 6.9 s with the default team and 1.4 s
  // with one thread on the 2-core build machine. libgomp reads OMP_THREAD_LIMIT only when it is
  // loaded, before main, so set it and start again once.
  if (std::getenv("OMP_THREAD_LIMIT") == nullptr) {
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);  // returns only on failure; then go on with the default
  }
  // glibc gives threads that allocate their own malloc arenas (up to 8 per core) and keeps
  // freed memory in each: with 24 request threads the server's resident memory reached 260 MB
  // at 1,000,000 cases. One arena per core serves as well.
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
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
