#!/usr/bin/env bash
# `brobygger deadline`: the issue's example in text and JSON, presumed receipt of ordinary post
# from the office's setting, and a clear refusal of an unknown area.
set -euo pipefail
bin="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

out=$("$bin" deadline --area social --received 2024-03-04)
echo "$out"
echo "$out" | grep -q "Fristen udløber tirsdag den 2. april 2024" || fail "text output"
echo "$out" | grep -q "2. påskedag" || fail "rolled-over reason"

json=$("$bin" deadline --area social --received 2024-03-04 --format json)
for want in '"deadline":"2024-04-02"' '"rolled_from":"2024-04-01"' '"skipped":\[{"date":"2024-04-01","reason":"2. påskedag"}\]' '"body":"Ankestyrelsen"' '"rule":"4w"'; do
  echo "$json" | grep -q "$want" || fail "json lacks $want"
done

# Ordinary post: a letter dated Monday 4 March 2024 counts as received 3 days later (the
# default), Thursday 7 March; four weeks later is Thursday 4 April.
db="$dir/t.db"
"$bin" --db "$db" init >/dev/null
json=$("$bin" --db "$db" --format json deadline --area byg --sent 2024-03-04 --delivery post)
echo "$json" | grep -q '"received":"2024-03-07"' || fail "presumed receipt"
echo "$json" | grep -q '"deadline":"2024-04-04"' || fail "deadline from presumed receipt"
json=$("$bin" --db "$db" --format json deadline --area byg --sent 2024-03-04 --delivery digital_post)
echo "$json" | grep -q '"received":"2024-03-04"' || fail "digital post is received the same day"

set +e
err=$("$bin" deadline --area nowhere --received 2024-03-04 2>&1); rc=$?
set -e
[ "$rc" -eq 2 ] || fail "unknown area should exit 2, got $rc"
echo "$err" | grep -q "Området kendes ikke" || fail "unknown area message: $err"
set +e
err=$("$bin" deadline --area social --received 2024-02-30 2>&1); rc=$?
set -e
[ "$rc" -eq 2 ] || fail "bad date should exit 2, got $rc"
echo "deadline CLI: all checks passed"
