#!/usr/bin/env bash
# HTTP benchmark: Brobygger's JSON API against nginx serving a static file of the same size,
# in one run on this machine (docs/PERFORMANCE.md explains the figures).
#
#   bash bench/run.sh            (or: make bench)
#
# Steps: fresh SQLite database in a temp dir (or the empty PostgreSQL database BENCH_DB names)
# with 10,000 generated cases and an API token;
# `brobygger serve` on a free port; nginx with its own config on another free port; then wrk
# (2 threads, 64 connections) against
#   nginx   GET of a static file as large as one case's JSON
#   read    GET /api/v1/cases/{id}, ids rotating over all cases   (bench/read_case.lua)
#   create  POST /api/v1/cases, durable intake                    (bench/create_case.lua)
# and a table of requests/s, p50 and p99 with the ratios to nginx. Any failed request (socket
# error, timeout, HTTP status >= 400, a create that does not answer 201) fails the run.
#
# Environment:
#   DURATION        seconds per measured run (default 10)
#   WARMUP          seconds of unmeasured load before each run (default 2; 0 = none)
#   CONNECTIONS     wrk connections (default 24);  WRK_THREADS  wrk threads (default 2)
#   SERVER_THREADS  brobygger serve --threads (default 24)
#   CASES           generated cases (default 10000);  READ_ID  case used to size the file (5000)
#   OUT             also write the results as JSON to this file
#   BROBYGGER_BIN   server binary (default $BUILD/brobygger, BUILD=build as in the Makefile)
#   NGINX           nginx binary (default /usr/sbin/nginx, Debian nginx-light)
#   KEEP_TMP=1      keep the temp dir (database, logs, raw wrk output) for inspection
#   BENCH_DB        an empty PostgreSQL database URL: the server runs on it instead of SQLite
#
# The load generator, nginx and the server share this machine's cores: compare the ratios,
# not the absolute rates, with other machines.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

BIN=${BROBYGGER_BIN:-$repo/${BUILD:-build}/brobygger}
NGINX=${NGINX:-/usr/sbin/nginx}
DURATION=${DURATION:-10}
DURATION=${DURATION%s}
WARMUP=${WARMUP:-2}
WARMUP=${WARMUP%s}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-24}
CASES=${CASES:-10000}
READ_ID=${READ_ID:-5000}
OUT=${OUT:-}
KEEP_TMP=${KEEP_TMP:-}

BENCH_NAME=bench
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
log() { bench_log "$@"; }
die() { bench_die "$@"; }

for v in DURATION WARMUP CONNECTIONS WRK_THREADS SERVER_THREADS CASES READ_ID; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
done
((DURATION >= 1)) || die "DURATION must be at least 1 second"
((READ_ID >= 1 && READ_ID <= CASES)) || die "READ_ID must be between 1 and CASES"
[[ -x $BIN ]] || die "no server binary at $BIN (build first: cmake --build build -j 2)"
[[ -x $NGINX ]] || die "no nginx at $NGINX (Debian package nginx-light)"
for tool in wrk curl timeout; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done

# --- clean-up: always stop what we started and remove the temp dir ---------------------------
tmp=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  bench_cleanup
  if [[ -n $tmp && -d $tmp ]]; then
    if [[ -n $KEEP_TMP ]]; then
      log "kept $tmp"
    else
      rm -rf "$tmp"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

tmp=$(mktemp -d "${TMPDIR:-/tmp}/brobygger-bench.XXXXXX")
# nginx workers run as "nobody" when started by root: they may pass through the temp dir
# (not list it) to reach the served file.
chmod 711 "$tmp"
# BENCH_DB: an empty PostgreSQL database (postgresql://…) to measure that backend instead.
db=${BENCH_DB:-$tmp/bench.db}

# --- machine and version ---------------------------------------------------------------------
describe_machine "$repo"
cores=$bench_cores cpu=$bench_cpu kernel=$bench_kernel commit=$bench_commit
log "machine: $cores cores, $cpu, $kernel; commit $commit"

# --- database ------------------------------------------------------------------------------
log "creating database with $CASES cases ($([[ -n ${BENCH_DB:-} ]] && echo "PostgreSQL, BENCH_DB" || echo "SQLite in $tmp"))"
run_step "init" 60 "$BIN" --db "$db" init --municipality "Benchrup Kommune"
password="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
if ! printf '%s\n' "$password" | timeout 60 "$BIN" --db "$db" user add --email b@x.dk --name Bench \
  --role advisor --password-stdin >"$tmp/step.out" 2>&1; then
  cat "$tmp/step.out" >&2
  die "user add: failed"
fi
t0=$(date +%s.%N)
run_step "generate" 900 "$BIN" --db "$db" generate --cases "$CASES" --seed 1 --no-journal
t1=$(date +%s.%N)
log "generated $CASES cases in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s"
run_step "token create" 60 "$BIN" --db "$db" --format json token create --email b@x.dk --name bench
token=$(sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$tmp/step.out")
[[ -n $token ]] || die "token create: no token in output: $(cat "$tmp/step.out")"
export BROBYGGER_TOKEN=$token BENCH_CASES=$CASES

# --- server ----------------------------------------------------------------------------------
log "starting brobygger serve --threads $SERVER_THREADS"
start_brobygger "$BIN" "$db" "$SERVER_THREADS" "$tmp"
base=$server_base
log "server at $base"

# One case, to size the static file and to check the token works.
www=$tmp/nginx/www
mkdir -p "$www" "$tmp/nginx/temp"
chmod 755 "$tmp/nginx" "$www"
curl -sS -f --max-time 10 -H "Authorization: Bearer $token" -o "$www/case.json" \
  "$base/api/v1/cases/$READ_ID" || die "GET /api/v1/cases/$READ_ID failed"
chmod 644 "$www/case.json"
body_size=$(stat -c %s "$www/case.json")
((body_size > 0)) || die "case $READ_ID has an empty body"
log "case $READ_ID: $body_size bytes of JSON; nginx serves a copy of it"

# --- nginx -----------------------------------------------------------------------------------
ngx=$tmp/nginx
start_nginx "$NGINX" "$ngx"
wait_http "$nginx_base/case.json" "$nginx_pid" "nginx"
nginx_size=$(curl -sf --max-time 5 "$nginx_base/case.json" | wc -c)
((nginx_size == body_size)) || die "nginx serves $nginx_size bytes, expected $body_size"
log "nginx at $nginx_base/ (worker_processes 2)"

# --- load ------------------------------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run_wrk nginx "$nginx_base/case.json" "$here/report.lua"
run_wrk read "$base" "$here/read_case.lua"
run_wrk create "$base" "$here/create_case.lua"

# The server must still be up and healthy after the load.
kill -0 "$server_pid" 2>/dev/null || die "the server died during the run: $(tail -n 20 "$tmp/server.err")"
curl -sf -o /dev/null --max-time 5 "$base/healthz" || die "the server is unhealthy after the run"

# --- report ----------------------------------------------------------------------------------
read -r nginx_rps nginx_p50 nginx_p99 _ nginx_bad <"$tmp/nginx.fields"
read -r read_rps read_p50 read_p99 _ read_bad <"$tmp/read.fields"
read -r create_rps create_p50 create_p99 _ create_bad <"$tmp/create.fields"
read -r _ _ nginx_wrk nginx_other nginx_us <"$tmp/nginx.cpu"
read -r _ _ read_wrk read_other read_us <"$tmp/read.cpu"
read -r _ _ create_wrk create_other create_us <"$tmp/create.cpu"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "0" }'; }
read_ratio=$(ratio "$read_rps" "$nginx_rps")
create_ratio=$(ratio "$create_rps" "$nginx_rps")

row() { printf '%-24s %11s %8s %8s %9s %11s %6s %6s %7s\n' "$@"; }
{
  echo
  echo "Brobygger HTTP benchmark — commit $commit — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $cores cores, $cpu, $kernel; load average before: $load_before"
  echo "wrk: $WRK_THREADS threads, $CONNECTIONS connections, ${DURATION}s per run (after ${WARMUP}s warm-up);" \
    "server --threads $SERVER_THREADS; $CASES cases; body $body_size bytes"
  echo
  row "target" "requests/s" "p50 ms" "p99 ms" "vs nginx" "CPU us/req" "wrk" "other" "failed"
  row "nginx static file" "$nginx_rps" "$nginx_p50" "$nginx_p99" "1.000" "$nginx_us" "$nginx_wrk" "$nginx_other" "$nginx_bad"
  row "GET /api/v1/cases/{id}" "$read_rps" "$read_p50" "$read_p99" "$read_ratio" "$read_us" "$read_wrk" "$read_other" "$read_bad"
  row "POST /api/v1/cases" "$create_rps" "$create_p50" "$create_p99" "$create_ratio" "$create_us" "$create_wrk" "$create_other" "$create_bad"
  echo
  echo "CPU us/req: CPU time of the process under test (nginx, or brobygger) per request."
  echo "wrk, other: cores used by the load generator and by the rest of the machine during the"
  echo "run (other above ~0.2 means the figures are disturbed by other work on the machine)."
  echo
}

if [[ -n $OUT ]]; then
  json_escape() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
  cpu_json() {
    local server nginx wrk other us
    read -r server nginx wrk other us <"$tmp/$1.cpu"
    printf '{"server_cores":%s,"nginx_cores":%s,"wrk_cores":%s,"other_cores":%s,"cpu_us_per_request":%s}' \
      "$server" "$nginx" "$wrk" "$other" "$us"
  }
  cat >"$OUT" <<JSON
{
  "commit": "$(json_escape "$commit")",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {"nproc": $cores, "cpu": "$(json_escape "$cpu")", "kernel": "$(json_escape "$kernel")",
              "loadavg_before": "$load_before"},
  "settings": {"duration_s": $DURATION, "warmup_s": $WARMUP, "wrk_threads": $WRK_THREADS,
               "connections": $CONNECTIONS, "server_threads": $SERVER_THREADS, "cases": $CASES,
               "body_bytes": $body_size},
  "nginx": $(cat "$tmp/nginx.json"),
  "read": $(cat "$tmp/read.json"),
  "create": $(cat "$tmp/create.json"),
  "cpu": {"nginx": $(cpu_json nginx), "read": $(cpu_json read), "create": $(cpu_json create)},
  "ratio_read_to_nginx": $read_ratio,
  "ratio_create_to_nginx": $create_ratio
}
JSON
  log "wrote $OUT"
fi

failed=0
if ((nginx_bad > 0)); then
  log "nginx: $nginx_bad failed requests"
  failed=1
fi
if ((read_bad > 0)); then
  log "read: $read_bad failed requests: $(cat "$tmp/read.json")"
  failed=1
fi
if ((create_bad > 0)); then
  log "create: $create_bad requests did not answer 201 Created: $(cat "$tmp/create.json")"
  failed=1
fi
((failed == 0)) || die "some requests failed (see above)"
