#!/usr/bin/env bash
# `brobygger audit verify` passes on an intact log, and names the entry after one row of the
# audit table is edited with the sqlite3 shell (and after a row is deleted).
set -euo pipefail
bin="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/t.db"
"$bin" --db "$db" init --municipality "Testrup Kommune" >/dev/null
echo "Hemmeligt-kodeord-123" | "$bin" --db "$db" user add --email a@t.dk --name "Anne" --role advisor --password-stdin >/dev/null
"$bin" --db "$db" generate --cases 20 --seed 7 >/dev/null
out=$("$bin" --db "$db" audit verify)
echo "$out"
echo "$out" | grep -q "intakt" || { echo "FAIL: intact log not reported"; exit 1; }
json=$("$bin" --db "$db" --format json audit verify)
echo "$json" | grep -q '"ok":true' || { echo "FAIL: json ok"; exit 1; }

cp "$db" "$dir/edited.db"
sqlite3 "$dir/edited.db" "UPDATE audit SET actor = 'Nogen andre' WHERE seq = 7"
set +e
out=$("$bin" --db "$dir/edited.db" audit verify); rc=$?
set -e
echo "$out"
[ "$rc" -ne 0 ] || { echo "FAIL: edited log verified"; exit 1; }
echo "$out" | grep -q "post 7" || { echo "FAIL: entry 7 not named"; exit 1; }

cp "$db" "$dir/deleted.db"
sqlite3 "$dir/deleted.db" "DELETE FROM audit WHERE seq = 12"
set +e
out=$("$bin" --db "$dir/deleted.db" --format json audit verify); rc=$?
set -e
echo "$out"
[ "$rc" -ne 0 ] || { echo "FAIL: log with a deleted entry verified"; exit 1; }
echo "$out" | grep -q '"first_bad_seq":12' || { echo "FAIL: deleted entry 12 not named"; exit 1; }

# Backup while nothing runs, then the copy verifies too.
"$bin" --db "$db" backup --out "$dir/backup.db" >/dev/null
"$bin" --db "$dir/backup.db" audit verify | grep -q "intakt" || { echo "FAIL: backup verify"; exit 1; }
if "$bin" --db "$db" backup --out "$dir/backup.db" >/dev/null 2>&1; then echo "FAIL: backup overwrote"; exit 1; fi
echo "audit verify: all checks passed"
