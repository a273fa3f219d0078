#!/usr/bin/env bash
# Builds and runs every test: the unit and store-contract tests (on SQLite and on a throwaway
# PostgreSQL 15 cluster on loopback, started here and stopped at the end), the same unit tests
# under AddressSanitizer + UndefinedBehaviorSanitizer, the CLI checks, the HTTP black-box suite
# against a real server and database, and the browser suite (Playwright + axe-core in
# Debian's Chromium). Prints ctest's summary for each build and a closing line.
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
failed=0

step() { printf '\n=== %s ===\n' "$*"; }

step "Build (RelWithDebInfo, warnings are errors)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
cmake --build build -j "$jobs" || exit 1

step "Build unit tests with ASan + UBSan"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBROBYGGER_SANITIZE=ON -DBROBYGGER_BENCH=OFF >/dev/null || exit 1
cmake --build build-asan -j "$jobs" --target brobygger_test || exit 1

step "Throwaway PostgreSQL cluster"
if pg_env=$(bash scripts/pg_cluster.sh start); then
  eval "$pg_env"
  trap 'bash scripts/pg_cluster.sh stop' EXIT
  echo "PostgreSQL listens at ${BROBYGGER_TEST_PG}"
else
  echo "could not start PostgreSQL"
  failed=1
fi

step "Unit, contract, CLI, HTTP and browser tests"
(cd build && ctest --output-on-failure -j 2) || failed=1

step "Unit and contract tests under ASan + UBSan"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j 2) || failed=1

echo
if [ "$failed" -eq 0 ]; then
  echo "ALL TEST SUITES PASSED"
else
  echo "SOME TEST SUITES FAILED"
fi
exit "$failed"
