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

log() { printf '[bench] %s\n' "$*" >&2; }
die() {
  printf '[bench] ERROR: %s\n' "$*" >&2
  exit 1
}

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
server_pid=""
nginx_pid=""
step_pid=""  # the bounded command running now (see run_bounded)

# Sends TERM, waits up to 10 s, then KILL; reaps the child.
stop_process() {
  local pid=$1 name=$2
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) did not stop on TERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_process "$step_pid" "current step"
  stop_process "$server_pid" "brobygger"
  stop_process "$nginx_pid" "nginx"
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

# run_bounded LIMIT OUTFILE COMMAND...: runs the command under `timeout` in the background and
# waits for it, so that a signal to this script is acted on at once (cleanup stops the
# command; timeout passes the TERM on). Returns the command's exit status (124 = timed out).
run_bounded() {
  local limit=$1 out=$2
  shift 2
  timeout "$limit" "$@" >"$out" 2>&1 &
  step_pid=$!
  local rc=0
  wait "$step_pid" || rc=$?
  step_pid=""
  return "$rc"
}

# Runs a command with a time limit; on failure shows its output and stops the run.
run_step() {
  local what=$1 limit=$2
  shift 2
  local out=$tmp/step.out
  local rc=0
  run_bounded "$limit" "$out" "$@" || rc=$?
  if ((rc != 0)); then
    cat "$out" >&2 || true
    if ((rc == 124)); then die "$what: timed out after ${limit}s"; fi
    die "$what: failed (exit $rc)"
  fi
}

# --- machine and version ---------------------------------------------------------------------
cores=$(nproc)
cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
cpu=${cpu:-unknown}
kernel=$(uname -sr)
commit=unknown
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
  commit=$(git -C "$repo" rev-parse --short=12 HEAD)
  if [[ -n $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    commit+="-dirty"
  fi
fi
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
"$BIN" --db "$db" serve --listen 127.0.0.1:0 --threads "$SERVER_THREADS" \
  >"$tmp/server.out" 2>"$tmp/server.err" </dev/null &
server_pid=$!
port=""
for ((i = 0; i < 300; i++)); do
  port=$(sed -n 's|.*lytter på http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$tmp/server.out" | head -n1)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.err" >&2; die "server exited during start-up"; }
  sleep 0.1
done
[[ -n $port ]] || { cat "$tmp/server.out" "$tmp/server.err" >&2; die "server did not report its port within 30 s"; }
base=http://127.0.0.1:$port

# Waits until `curl URL` succeeds (the port accepts and answers), checking the process lives.
wait_http() {
  local url=$1 pid=$2 name=$3 i
  for ((i = 0; i < 200; i++)); do
    if curl -sf -o /dev/null --max-time 2 "$url"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || die "$name exited while starting"
    sleep 0.1
  done
  die "$name does not answer at $url"
}
wait_http "$base/healthz" "$server_pid" "brobygger"
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
# A port nobody listens on (a connection attempt is refused).
free_port() {
  local p i
  for ((i = 0; i < 100; i++)); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}
ngx=$tmp/nginx
nginx_port=$(free_port) || die "no free port for nginx"
cat >"$ngx/nginx.conf" <<EOF
# Minimal private nginx for the benchmark baseline; nothing of the system's nginx is used.
worker_processes 2;
daemon off;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $ngx/temp/body;
  proxy_temp_path $ngx/temp/proxy;
  fastcgi_temp_path $ngx/temp/fastcgi;
  uwsgi_temp_path $ngx/temp/uwsgi;
  scgi_temp_path $ngx/temp/scgi;
  types { application/json json; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    root $www;
    location / { }
  }
}
EOF
run_step "nginx -t" 30 "$NGINX" -t -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf"
"$NGINX" -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" >"$ngx/stdout.log" 2>&1 </dev/null &
nginx_pid=$!
wait_http "http://127.0.0.1:$nginx_port/case.json" "$nginx_pid" "nginx"
nginx_size=$(curl -sf --max-time 5 "http://127.0.0.1:$nginx_port/case.json" | wc -c)
((nginx_size == body_size)) || die "nginx serves $nginx_size bytes, expected $body_size"
log "nginx at http://127.0.0.1:$nginx_port/ (worker_processes 2)"

# --- load ------------------------------------------------------------------------------------
# CPU accounting, so that a run on a busy machine shows itself: for each measured run the CPU
# time of the server, of nginx (master and workers), of wrk and of the whole machine; "other"
# is what the rest of the machine used meanwhile (should be near 0 cores).
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)

# Sum of utime+stime (clock ticks) of the given pids.
proc_ticks() {
  local total=0 pid stat
  local -a f
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    read -r -a f <<<"$stat"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}
# nginx master and its workers.
nginx_pids() {
  local d stat
  local -a f
  echo "$nginx_pid"
  for d in /proc/[0-9]*; do
    stat=$(cat "$d/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    read -r -a f <<<"$stat"
    if [[ ${f[1]} == "$nginx_pid" ]]; then echo "${d#/proc/}"; fi
  done
}
# Busy clock ticks of the whole machine (all cores).
machine_ticks() {
  local _cpu user nice system _idle _iowait irq softirq steal _rest
  read -r _cpu user nice system _idle _iowait irq softirq steal _rest </proc/stat
  echo $((user + nice + system + irq + softirq + steal))
}
# Sets children_cpu to the CPU seconds of this shell's finished children (wrk runs under
# timeout, which this shell waits for). `times` must run in this shell: the counters of a
# $(...) subshell start at zero.
children_cpu=0
read_children_cpu() {
  times >"$tmp/times.txt"
  children_cpu=$(tail -n 1 "$tmp/times.txt" | awk '{
    t = 0
    for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] }
    printf "%.3f", t }')
}

# run_wrk NAME URL SCRIPT: warm-up, then the measured run. Leaves $tmp/NAME.json (wrk's
# figures), $tmp/NAME.fields ("rps p50 p99 requests bad") and $tmp/NAME.cpu ("server nginx
# wrk other" in cores, then the CPU microseconds per request of the process under test).
run_wrk() {
  local name=$1 url=$2 script=$3 limit=$((DURATION + 60))
  if ((WARMUP > 0)); then
    run_bounded $((WARMUP + 60)) "$tmp/$name.warmup.txt" \
      wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$script" "$url" ||
      { cat "$tmp/$name.warmup.txt" >&2; die "$name: warm-up failed"; }
  fi
  log "$name: ${DURATION}s, $WRK_THREADS threads, $CONNECTIONS connections -> $url"
  local -a npids
  mapfile -t npids < <(nginx_pids)
  local s0 n0 m0 c0 t0 s1 n1 m1 c1 t1
  s0=$(proc_ticks "$server_pid") n0=$(proc_ticks "${npids[@]}") m0=$(machine_ticks)
  read_children_cpu
  c0=$children_cpu t0=$(date +%s.%N)
  if ! run_bounded "$limit" "$tmp/$name.txt" \
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "$url"; then
    cat "$tmp/$name.txt" >&2
    die "$name: wrk failed or timed out"
  fi
  s1=$(proc_ticks "$server_pid") n1=$(proc_ticks "${npids[@]}") m1=$(machine_ticks)
  read_children_cpu
  c1=$children_cpu t1=$(date +%s.%N)
  sed -n 's/^BENCH_RESULT //p' "$tmp/$name.txt" >"$tmp/$name.json"
  sed -n 's/^BENCH_FIELDS //p' "$tmp/$name.txt" >"$tmp/$name.fields"
  [[ -s $tmp/$name.json && -s $tmp/$name.fields ]] || { cat "$tmp/$name.txt" >&2; die "$name: no result from wrk"; }
  local requests own
  requests=$(awk '{print $4}' "$tmp/$name.fields")
  if [[ $name == nginx ]]; then own=$((n1 - n0)); else own=$((s1 - s0)); fi
  awk -v hz="$hz" -v s="$((s1 - s0))" -v n="$((n1 - n0))" -v m="$((m1 - m0))" -v own="$own" \
    -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v req="$requests" 'BEGIN {
      t = t1 - t0
      server = s / hz / t; nginx = n / hz / t; wrk = (c1 - c0) / t; busy = m / hz / t
      other = busy - server - nginx - wrk; if (other < 0) other = 0
      printf "%.2f %.2f %.2f %.2f %.1f\n", server, nginx, wrk, other, (req > 0 ? own / hz * 1e6 / req : 0) }' \
    >"$tmp/$name.cpu"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run_wrk nginx "http://127.0.0.1:$nginx_port/case.json" "$here/report.lua"
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
