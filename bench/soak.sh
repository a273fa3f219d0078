#!/usr/bin/env bash
# Soak: DURATION seconds (default 600) of mixed load at 256 connections, for the issue's aims
# "zero errors" and "flat memory: resident memory grows less than 10 % after warm-up"
# (docs/PERFORMANCE.md, "Soak: 10 minutes at 256 connections").
#
#   bash bench/soak.sh           (or: make bench-soak)
#
# Steps: a fresh SQLite database in a temp dir (or the empty PostgreSQL database BENCH_DB
# names) with CASES generated cases, an advisor and an API token; `brobygger serve`; then one
# wrk run of DURATION seconds with bench/soak.lua (case reads, searches, filtered lists, intake,
# journal notes, statistics and annual-report figures, chosen at random per request) while the
# server's VmRSS, VmHWM, threads and open file descriptors are sampled every SAMPLE seconds
# into a CSV. Reports: requests, requests/s, latency, socket errors (connect/read/write),
# timeouts, responses other than 2xx, resident memory at WARM seconds (after warm-up), at
# the end and at most, the growth, and PASS/FAIL for the two aims. Exit 1 when an aim is missed.
# At BACKUP_AT seconds it also takes `brobygger backup` under the load, reports how long it
# took, and checks the copy with `brobygger restore` into a scratch database.
#
# Environment:
#   DURATION        seconds of load (default 600);  WARM  seconds counted as warm-up (default 60)
#   CONNECTIONS     wrk connections (default 256);  WRK_THREADS  wrk threads (default 2)
#   WRK_TIMEOUT     seconds before wrk counts a request as timed out (default 10)
#   SERVER_THREADS  brobygger serve --threads (default 24)
#   CASES           generated cases (default 100000);  SAMPLE  seconds between samples (5)
#   BACKUP_AT       seconds into the load to take a backup (default DURATION/2; 0 = none)
#   OUT             also write the report (text) to this file;  CSV  keep the samples here
#   BROBYGGER_BIN   server binary (default $BUILD/brobygger, BUILD=build as in the Makefile)
#   BENCH_DB        an empty PostgreSQL database URL: the server runs on it instead of SQLite
#   BENCH_WRITES=0  no intake or journal notes (reads instead): the data stays the same size
#   KEEP_TMP=1      keep the temp dir (database, logs, raw wrk output)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

BIN=${BROBYGGER_BIN:-$repo/${BUILD:-build}/brobygger}
DURATION=${DURATION:-600}
DURATION=${DURATION%s}
WARM=${WARM:-60}
CONNECTIONS=${CONNECTIONS:-256}
WRK_THREADS=${WRK_THREADS:-2}
WRK_TIMEOUT=${WRK_TIMEOUT:-10}
SERVER_THREADS=${SERVER_THREADS:-24}
CASES=${CASES:-100000}
SAMPLE=${SAMPLE:-5}
BACKUP_AT=${BACKUP_AT:-$((${DURATION%s} / 2))}
OUT=${OUT:-}
CSV=${CSV:-}
KEEP_TMP=${KEEP_TMP:-}

BENCH_NAME=soak
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
log() { bench_log "$@"; }
die() { bench_die "$@"; }

for v in DURATION WARM CONNECTIONS WRK_THREADS WRK_TIMEOUT SERVER_THREADS CASES SAMPLE BACKUP_AT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
done
((DURATION >= 2 * SAMPLE)) || die "DURATION must be at least two samples"
((WARM < DURATION)) || die "WARM must be less than DURATION"
((BACKUP_AT < DURATION)) || die "BACKUP_AT must be less than DURATION"
[[ -x $BIN ]] || die "no server binary at $BIN (build first: cmake --build build -j 2)"
for tool in wrk curl timeout; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done
# 256 connections on each side plus the database: make sure descriptors suffice.
ulimit -n 8192 2>/dev/null || true

tmp=""
sampler_pid=""
backup_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -n $sampler_pid ]] && stop_process "$sampler_pid" "sampler"
  [[ -n $backup_pid ]] && stop_process "$backup_pid" "backup"
  bench_finish "$rc"
}
bench_traps

tmp=$(mktemp -d "${TMPDIR:-/tmp}/brobygger-soak.XXXXXX")
db=${BENCH_DB:-$tmp/soak.db}
backend=$([[ -n ${BENCH_DB:-} ]] && echo PostgreSQL || echo SQLite)

describe_machine "$repo"
log "machine: $bench_cores cores, $bench_cpu, $bench_kernel; commit $bench_commit"

# --- database ------------------------------------------------------------------------------
log "creating $backend database with $CASES cases"
run_step "init" 60 "$BIN" --db "$db" init --municipality "Soakrup Kommune"
password="soak-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
if ! printf '%s\n' "$password" | timeout 60 "$BIN" --db "$db" user add --email soak@x.dk --name Soak \
  --role advisor --password-stdin >"$tmp/step.out" 2>&1; then
  cat "$tmp/step.out" >&2
  die "user add: failed"
fi
run_step "generate" 900 "$BIN" --db "$db" generate --cases "$CASES" --seed 1 --no-journal
run_step "token create" 60 "$BIN" --db "$db" --format json token create --email soak@x.dk --name soak
token=$(sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$tmp/step.out")
[[ -n $token ]] || die "token create: no token in output: $(cat "$tmp/step.out")"
export BROBYGGER_TOKEN=$token BENCH_CASES=$CASES
year=$(($(date +%Y) - 1))
export BENCH_YEAR=$year

# --- server and sampler ----------------------------------------------------------------------
log "starting brobygger serve --threads $SERVER_THREADS"
start_brobygger "$BIN" "$db" "$SERVER_THREADS" "$tmp"
base=$server_base
curl -sf -o /dev/null --max-time 10 -H "Authorization: Bearer $token" "$base/api/v1/cases/1" ||
  die "GET /api/v1/cases/1 failed: the token or the database is not right"

csv=$tmp/rss.csv
status_field() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$server_pid/status" 2>/dev/null; }
(
  echo "elapsed_s,vmrss_kb,vmhwm_kb,threads,fds"
  t0=$(date +%s)
  while kill -0 "$server_pid" 2>/dev/null; do
    fds=$(find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    echo "$(($(date +%s) - t0)),$(status_field VmRSS),$(status_field VmHWM),$(status_field Threads),$fds"
    sleep "$SAMPLE"
  done
) >"$csv" &
sampler_pid=$!

# --- backup in the middle of the load ----------------------------------------------------------
backup_file=$tmp/backup.$([[ -n ${BENCH_DB:-} ]] && echo dump || echo db)
if ((BACKUP_AT > 0)); then
  (
    sleep "$BACKUP_AT"
    t0=$(date +%s.%N)
    rc=0
    timeout $((DURATION - BACKUP_AT + 60)) "$BIN" --db "$db" backup --out "$backup_file" >"$tmp/backup.out" 2>&1 || rc=$?
    echo "$rc $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')" >"$tmp/backup.result"
  ) &
  backup_pid=$!
fi

# --- load ------------------------------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "wrk: ${DURATION}s, $WRK_THREADS threads, $CONNECTIONS connections, timeout ${WRK_TIMEOUT}s -> $base"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
s0=$(proc_ticks "$server_pid")
if ! run_bounded $((DURATION + WRK_TIMEOUT + 120)) "$tmp/wrk.txt" \
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout "${WRK_TIMEOUT}s" --latency \
  -s "$here/soak.lua" "$base"; then
  cat "$tmp/wrk.txt" >&2
  die "wrk failed or timed out"
fi
s1=$(proc_ticks "$server_pid")
kill -0 "$server_pid" 2>/dev/null || die "the server died during the run: $(tail -n 20 "$tmp/server.err")"
curl -sf -o /dev/null --max-time 10 "$base/healthz" || die "the server is unhealthy after the run"
# One more sample after the load (the sampler may be asleep).
echo "end,$(status_field VmRSS),$(status_field VmHWM),$(status_field Threads),$(find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)" >>"$csv"
stop_process "$sampler_pid" "sampler"
sampler_pid=""
[[ -n $CSV ]] && cp "$csv" "$CSV"
backup_line="not taken (BACKUP_AT=0)"
backup_ok=PASS
if ((BACKUP_AT > 0)); then
  wait "$backup_pid" 2>/dev/null || true
  backup_pid=""
  if [[ -s $tmp/backup.result ]]; then
    read -r backup_rc backup_s <"$tmp/backup.result"
  else
    backup_rc=none backup_s=?
  fi
  if [[ $backup_rc == 0 ]]; then
    backup_line="taken at ${BACKUP_AT}s under load in ${backup_s}s, $(du -sh "$backup_file" | cut -f1)"
    # Check the copy: restore it into a scratch database (integrity, schema, audit chain, attachments).
    if [[ -z ${BENCH_DB:-} ]]; then
      if timeout 600 "$BIN" --db "$tmp/restored.db" restore --from "$backup_file" >"$tmp/restore.out" 2>&1; then
        backup_line+="; restore check passed: $(tail -n 1 "$tmp/restore.out" | cut -c1-120)"
      else
        backup_line+="; RESTORE CHECK FAILED: $(cat "$tmp/restore.out")"
        backup_ok=FAIL
      fi
    fi
  else
    backup_line="FAILED (exit $backup_rc after ${backup_s}s): $(head -c 300 "$tmp/backup.out" 2>/dev/null)"
    backup_ok=FAIL
  fi
fi

# --- figures ---------------------------------------------------------------------------------
count_cases() {
  if [[ -n ${BENCH_DB:-} ]]; then psql -X -Atq -d "$BENCH_DB" -c "SELECT count(*) FROM cases" 2>/dev/null || echo "?"
  else sqlite3 -readonly "$db" "SELECT count(*) FROM cases" 2>/dev/null || echo "?"; fi
}
cases_end=$(count_cases)
json=$(sed -n 's/^BENCH_RESULT //p' "$tmp/wrk.txt")
[[ -n $json ]] || { cat "$tmp/wrk.txt" >&2; die "no result from wrk"; }
num() { printf '%s' "$json" | sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }
requests=$(num requests) rps=$(num rps)
p50=$(num p50) p99=$(num p99) maxlat=$(num max)
e_connect=$(num connect) e_read=$(num read) e_write=$(num write) e_timeout=$(num timeout)
unexpected=$(num unexpected_status)
sample_text=$(printf '%s' "$json" | sed -n 's/.*"unexpected_sample":\(".*"\)}$/\1/p')
socket_errors=$((e_connect + e_read + e_write))
# Resident memory: the first sample at or after WARM seconds, the last sample, the highest.
read -r rss_warm rss_end rss_max fds_warm fds_end threads_end < <(awk -F, -v warm="$WARM" '
  NR == 1 { next }
  $1 != "end" && $1 + 0 >= warm && w == "" { w = $2; fw = $5 }
  { if ($2 + 0 > m) m = $2; last = $2; lf = $5; lt = $4 }
  END { print w, last, m, fw, lf, lt }' "$csv")
growth=$(awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
server_cores=$(awk -v t="$((s1 - s0))" -v hz="$hz" -v d="$DURATION" 'BEGIN { printf "%.2f", t / hz / d }')
errors_ok=$([[ $((socket_errors + e_timeout + unexpected)) -eq 0 ]] && echo PASS || echo FAIL)
memory_ok=$(awk -v g="$growth" 'BEGIN { print (g < 10 ? "PASS" : "FAIL") }')

{
  echo
  echo "Brobygger soak — $backend — commit $bench_commit — started $started"
  echo "machine: $bench_cores cores, $bench_cpu, $bench_kernel; load average before: $load_before"
  echo "wrk: $WRK_THREADS threads, $CONNECTIONS connections, ${DURATION}s, timeout ${WRK_TIMEOUT}s;" \
    "server --threads $SERVER_THREADS; $CASES cases at the start; bench/soak.lua mix"
  echo
  printf '%-34s %s\n' "requests" "$requests ($rps/s; server used $server_cores cores)"
  printf '%-34s %s\n' "latency p50 / p99 / max (ms)" "$p50 / $p99 / $maxlat"
  printf '%-34s %s\n' "socket errors (connect/read/write)" "$socket_errors ($e_connect/$e_read/$e_write)"
  printf '%-34s %s\n' "timeouts (> ${WRK_TIMEOUT}s)" "$e_timeout"
  printf '%-34s %s\n' "responses other than 2xx" "$unexpected${sample_text:+  first: $sample_text}"
  printf '%-34s %s\n' "VmRSS at ${WARM}s / end / max (kB)" "$rss_warm / $rss_end / $rss_max"
  printf '%-34s %s\n' "RSS growth after warm-up" "$growth %"
  printf '%-34s %s\n' "open descriptors at ${WARM}s / end" "$fds_warm / $fds_end (threads $threads_end)"
  printf '%-34s %s\n' "cases at the start / end" "$CASES / $cases_end"
  printf '%-34s %s\n' "backup under load" "$backup_line"
  echo
  printf '%-34s %s\n' "aim: zero errors" "$errors_ok"
  printf '%-34s %s\n' "aim: RSS growth < 10 %" "$memory_ok"
  printf '%-34s %s\n' "backup under load" "$backup_ok"
  echo
  echo "RSS samples (every ${SAMPLE}s): ${CSV:-$csv}"
} | tee "${OUT:-/dev/null}"

[[ $errors_ok == PASS && $memory_ok == PASS && $backup_ok == PASS ]] || die "an aim was missed (see above)"
