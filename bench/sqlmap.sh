#!/usr/bin/env bash
# The deep sqlmap run (issue 9): every technique (boolean, error, UNION, stacked, time-based,
# inline queries), level 5 and risk 3, against the same targets as the bounded test
# tests/attacks/sqlmap.test.mjs (case search form and API, case-list filters, statistics page
# and API, login). Takes tens of minutes per backend; prints sqlmap's tail for any target that
# reports an injection point, a 5xx or an untested parameter, and exits non-zero then.
#
#   bash bench/sqlmap.sh                 # SQLite
#   eval "$(bash scripts/pg_cluster.sh start)"; BROBYGGER_TEST_BACKEND=postgresql bash bench/sqlmap.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export BROBYGGER_BIN="${BROBYGGER_BIN:-$PWD/build/brobygger}"
export SQLMAP_LEVEL="${SQLMAP_LEVEL:-5}" SQLMAP_RISK="${SQLMAP_RISK:-3}" SQLMAP_TECHNIQUE="${SQLMAP_TECHNIQUE:-BEUSTQ}"
export SQLMAP_THREADS="${SQLMAP_THREADS:-4}" SQLMAP_TIMEOUT_S="${SQLMAP_TIMEOUT_S:-14400}"
exec node --test --test-reporter=spec tests/attacks/sqlmap.test.mjs
