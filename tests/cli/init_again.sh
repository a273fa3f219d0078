#!/usr/bin/env bash
# `brobygger init` on a database that exists brings its schema up to date and keeps the
# office's settings; with another municipality name it refuses and changes nothing.
set -euo pipefail
bin="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/t.db"
"$bin" --db "$db" init --municipality "Testrup Kommune" >/dev/null
"$bin" --db "$db" generate --cases 5 --municipalities 3 --seed 3 >/dev/null
before=$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'municipality'")
echo "$before" | grep -q '"departments":\["Albertslund · ' || { echo "FAIL: generate did not widen the departments"; exit 1; }

out=$("$bin" --db "$db" init)
echo "$out"
echo "$out" | grep -q "uændrede" || { echo "FAIL: init did not say the settings were kept"; exit 1; }
[ "$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'municipality'")" = "$before" ] ||
  { echo "FAIL: init changed the settings"; exit 1; }
"$bin" --db "$db" init --municipality "Testrup Kommune" >/dev/null || { echo "FAIL: same name refused"; exit 1; }

set +e
err=$("$bin" --db "$db" init --municipality "Andeby Kommune" 2>&1 >/dev/null); rc=$?
set -e
echo "$err"
[ "$rc" -ne 0 ] || { echo "FAIL: another municipality name accepted"; exit 1; }
echo "$err" | grep -q "Testrup Kommune" || { echo "FAIL: the message does not name the database's municipality"; exit 1; }
[ "$(sqlite3 "$db" "SELECT value FROM settings WHERE key = 'municipality'")" = "$before" ] ||
  { echo "FAIL: a refused init changed the settings"; exit 1; }
[ "$(sqlite3 "$db" "SELECT COUNT(*) FROM cases")" = 5 ] || { echo "FAIL: cases lost"; exit 1; }
echo "init again: all checks passed"
