#!/usr/bin/env bash
# National-scale benchmark: 1,000,000 cases on SQLite and on PostgreSQL side by side in one
# run, every operation through the real HTTP server, with nginx serving a static file of the
# size of one case's JSON as the yardstick (docs/PERFORMANCE.md, "National scale").
#
#   bash bench/scale.sh          (or: make bench-scale)
#
# Steps:
#   1. The SQLite database is made once and kept (default build/scale/sqlite-1000000.db):
#      `init`, one advisor, `generate --cases N --municipalities 98 --seed 1` (10 years, 1,078
#      departments; timed), and two surveys (citizens and employees) with RESPONSES answers
#      imported from CSV. Each run works on a copy, so runs start equal.
#   2. PostgreSQL: a throwaway PostgreSQL 15 cluster (scripts/pg_cluster.sh, shared_buffers
#      512 MB) and `brobygger migrate --from <the SQLite file>` into it (timed), so both
#      backends hold the same rows.
#   3. For each backend: `brobygger serve`, an API token and a signed-in session, then wrk
#      with one connection for RUNTIME seconds per operation (median and p99 of the requests):
#        read      GET /api/v1/cases/{id}, 20,000 random ids
#        list      GET /api/v1/cases?status=&department=&reason= (and pairs of them), 300 filters
#        search    GET /api/v1/cases?q=…, 200 words taken from case summaries
#        dashboard GET /oversigt (the staff front page, signed in)
#        report    GET /api/v1/reports/annual?year=<last year>
#        signals   GET /api/v1/signals?period=<each of the last four quarters>
#        survey    GET /api/v1/surveys/results (all, by year, by municipality)
#      and with 64 connections for DURATION seconds: nginx's static file, case reads and
#      durable intake (POST /api/v1/cases). The server's peak resident memory (VmHWM) is read
#      at the end.
#   4. Prints one table per kind with the ratios to nginx and the issue's aims, met or not.
#
# Environment:
#   CASES            cases (default 1000000);  RESPONSES  survey answers (default 20000)
#   BACKENDS         "sqlite postgresql" (default), or one of them
#   RUNTIME          seconds per one-connection operation run (default 10)
#   DURATION         seconds per 64-connection run (default 10);  WARMUP  seconds before each (2)
#   CONNECTIONS      connections of the load runs (default 64); SERVER_THREADS (default 24)
#   CACHE            where the SQLite database is kept (default $BUILD/scale, BUILD=build)
#   REGENERATE=1     make the cached database again
#   OUT              also write every figure as JSON to this file
#   BROBYGGER_BIN    server binary (default $BUILD/brobygger);  NGINX (default /usr/sbin/nginx)
#   KEEP_TMP=1       keep the temp dir (copies, logs, raw wrk output)
#
# Takes about 10 minutes once the database exists (the first run generates it: about 3
# minutes on SQLite; the copy into PostgreSQL takes about 4 minutes every run).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
BENCH_NAME=scale
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
log() { bench_log "$@"; }
die() { bench_die "$@"; }

BUILD=${BUILD:-build}
BIN=${BROBYGGER_BIN:-$repo/$BUILD/brobygger}
NGINX=${NGINX:-/usr/sbin/nginx}
CASES=${CASES:-1000000}
RESPONSES=${RESPONSES:-20000}
BACKENDS=${BACKENDS:-sqlite postgresql}
RUNTIME=${RUNTIME:-10}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-64}
SERVER_THREADS=${SERVER_THREADS:-24}
CACHE=${CACHE:-$repo/$BUILD/scale}
REGENERATE=${REGENERATE:-}
OUT=${OUT:-}
KEEP_TMP=${KEEP_TMP:-}
LOAD_CONNECTIONS=$CONNECTIONS

for v in CASES RESPONSES RUNTIME DURATION WARMUP CONNECTIONS SERVER_THREADS; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
done
((CASES >= 1000)) || die "CASES must be at least 1000"
((RUNTIME >= 1 && DURATION >= 1)) || die "RUNTIME and DURATION must be at least 1 second"
for b in $BACKENDS; do
  [[ $b == sqlite || $b == postgresql ]] || die "BACKENDS: unknown backend '$b' (sqlite, postgresql)"
done
[[ -x $BIN ]] || die "no server binary at $BIN (build first: cmake --build $BUILD -j 2)"
[[ -x $NGINX ]] || die "no nginx at $NGINX (Debian package nginx-light)"
for tool in wrk curl timeout sqlite3 node; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done
if [[ -z ${BROBYGGER_SHARE:-} && ! -d $(dirname "$BIN")/share/templates ]]; then
  export BROBYGGER_SHARE=$repo
fi

tmp=""
pg_root=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  bench_cleanup
  if [[ -n $pg_root ]]; then BROBYGGER_PG_ROOT=$pg_root bash "$repo/scripts/pg_cluster.sh" stop || true; fi
  bench_finish "$rc"
}
bench_traps

tmp=$(mktemp -d "${TMPDIR:-/tmp}/brobygger-scale.XXXXXX")
chmod 711 "$tmp"
describe_machine "$repo"
log "machine: $bench_cores cores, $bench_cpu, $bench_kernel; commit $bench_commit"

seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}'; }

# --- 1. the SQLite database (cached) ---------------------------------------------------------
mkdir -p "$CACHE"
cached=$CACHE/sqlite-$CASES.db
ready=$cached.ready  # "generate_seconds responses" once every step below has succeeded
if [[ -n $REGENERATE || ! -s $ready || ! -f $cached ]]; then
  rm -f "$cached" "$cached-wal" "$cached-shm" "$ready"
  log "making $cached: $CASES cases (the first run only)"
  run_step "init" 120 "$BIN" --db "$cached" init --municipality "Benchrup Kommune"
  password="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$password" >"$CACHE/password"
  chmod 600 "$CACHE/password"
  printf '%s\n' "$password" | timeout 60 "$BIN" --db "$cached" user add --email bench@benchrup.dk --name Bench \
    --role advisor --password-stdin >"$tmp/step.out" 2>&1 || { cat "$tmp/step.out" >&2; die "user add failed"; }
  t0=$(date +%s.%N)
  run_step "generate" 3600 "$BIN" --db "$cached" generate --cases "$CASES" --municipalities 98 --seed 1
  gen_seconds=$(seconds_since "$t0")
  log "generated $CASES cases in $gen_seconds s"
  # Two surveys with answers spread over the last two years, imported as the office would.
  year=$(date -u +%Y)
  for group in borger ansat; do
    run_step "survey create" 60 "$BIN" --db "$cached" --format json survey create --questionnaire "$group" \
      --title "Undersøgelse ($group)" --opens "$((year - 2))-01-01"
    survey_id=$(sed -n 's/.*"id"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$tmp/step.out" | head -n1)
    [[ -n $survey_id ]] || die "survey create: no id in $(cat "$tmp/step.out")"
    if [[ $group == borger ]]; then n=$((RESPONSES * 3 / 4)); else n=$((RESPONSES - RESPONSES * 3 / 4)); fi
    for part in 1 2; do
      csv=$tmp/$group-$part.csv
      node "$here/survey_csv.mjs" "$repo/data/questionnaires.json" "$group" $((n / 2)) "$part$group" >"$csv"
      run_step "survey import" 600 "$BIN" --db "$cached" survey import "$csv" --survey "$survey_id" \
        --date "$((year - part))-06-15"
    done
  done
  echo "$gen_seconds $RESPONSES" >"$ready"
else
  log "using $cached (REGENERATE=1 makes it again)"
fi
read -r gen_seconds _ <"$ready"
password=$(cat "$CACHE/password")
# A database made by an older build is brought up to date once here (opening it migrates),
# not in every copy.
run_step "schema update of $(basename "$cached")" 3600 "$BIN" --db "$cached" init

# --- the requests ------------------------------------------------------------------------------
year=$(date -u +%Y)
month=$(date -u +%-m)
quarter=$(((month - 1) / 3 + 1))
# read: random ids; list: filters over statuses, reasons and the most used departments;
# search: words of at least five letters from the summaries of random cases.
awk -v n="$CASES" 'BEGIN { srand(8); for (i = 0; i < 20000; i++) printf "/api/v1/cases/%d\n", 1 + int(rand() * n) }' \
  >"$tmp/read.paths"
sqlite3 -readonly "$cached" "SELECT department FROM case_departments GROUP BY department ORDER BY COUNT(*) DESC LIMIT 60" \
  >"$tmp/departments.txt"
sqlite3 -readonly "$cached" "SELECT summary FROM cases WHERE id IN (SELECT 1 + abs(random()) % $CASES FROM generate_series(1, 400))" \
  >"$tmp/summaries.txt" 2>/dev/null ||
  sqlite3 -readonly "$cached" "SELECT summary FROM cases ORDER BY random() LIMIT 400" >"$tmp/summaries.txt"
node "$here/scale_paths.mjs" "$tmp" "$year" "$quarter"
export BENCH_DEPARTMENT
BENCH_DEPARTMENT=$(head -n1 "$tmp/departments.txt")  # what intake (create_case.lua) files under
for f in read list search dashboard report signals survey; do
  [[ -s $tmp/$f.paths ]] || die "no requests for $f"
done

# --- nginx -----------------------------------------------------------------------------------
start_nginx "$NGINX" "$tmp/nginx"

# --- 2. and 3. each backend ----------------------------------------------------------------------
declare -A fig  # fig[backend.op.field]
ops=(read list search dashboard report signals survey)
nginx_done=""

# measure BACKEND DB: everything for one backend.
measure() {
  local backend=$1 db=$2
  log "$backend: starting brobygger serve --threads $SERVER_THREADS"
  mkdir -p "$tmp/$backend"
  start_brobygger "$BIN" "$db" "$SERVER_THREADS" "$tmp/$backend" --login-limit 1000000
  local base=$server_base
  run_step "token create" 60 "$BIN" --db "$db" --format json token create --email bench@benchrup.dk --name "bench $backend"
  local token
  token=$(sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$tmp/step.out")
  [[ -n $token ]] || die "token create: no token"
  # A signed-in session for the staff page: the login form's CSRF token, then the form.
  local jar=$tmp/$backend/cookies csrf
  csrf=$(curl -sf --max-time 10 -c "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)
  [[ -n $csrf ]] || die "$backend: no CSRF token on the login page"
  curl -sf --max-time 10 -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
    --data-urlencode "email=bench@benchrup.dk" --data-urlencode "password=$password" "$base/login" ||
    die "$backend: login failed"
  local cookie
  cookie=$(awk '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
  [[ -n $cookie ]] || die "$backend: no session cookie after login"
  curl -sf --max-time 30 -H "Cookie: $cookie" -o /dev/null "$base/oversigt" || die "$backend: /oversigt failed"
  export BENCH_AUTH="Bearer $token" BENCH_COOKIE="$cookie" BROBYGGER_TOKEN=$token

  if [[ -z $nginx_done ]]; then
    local first
    first=$(head -n1 "$tmp/read.paths")
    curl -sf --max-time 10 -H "Authorization: Bearer $token" -o "$tmp/nginx/www/case.json" "$base$first" ||
      die "GET $first failed"
    chmod 644 "$tmp/nginx/www/case.json"
    wait_http "$nginx_base/case.json" "$nginx_pid" "nginx"
    body_size=$(stat -c %s "$tmp/nginx/www/case.json")
    CONNECTIONS=$LOAD_CONNECTIONS WRK_THREADS=2 WARMUP=$WARMUP WRK_TIMEOUT=2 run_wrk nginx "$nginx_base/case.json" "$here/report.lua"
    nginx_done=1
  fi

  # One connection per operation: the latency of each alone.
  local op
  for op in "${ops[@]}"; do
    export BENCH_PATHS=$tmp/$op.paths
    CONNECTIONS=1 WRK_THREADS=1 DURATION=$RUNTIME WARMUP=1 WRK_TIMEOUT=30 \
      run_wrk "$backend-$op" "$base" "$here/paths.lua"
  done
  # Load: reads and durable intake at 64 connections.
  export BENCH_PATHS=$tmp/read.paths
  CONNECTIONS=$LOAD_CONNECTIONS WRK_THREADS=2 WARMUP=$WARMUP WRK_TIMEOUT=5 \
    run_wrk "$backend-load-read" "$base" "$here/paths.lua"
  CONNECTIONS=$LOAD_CONNECTIONS WRK_THREADS=2 WARMUP=$WARMUP WRK_TIMEOUT=5 \
    run_wrk "$backend-load-create" "$base" "$here/create_case.lua"
  kill -0 "$server_pid" 2>/dev/null || die "$backend: the server died: $(tail -n 20 "$tmp/$backend/server.err")"
  curl -sf -o /dev/null --max-time 5 "$base/healthz" || die "$backend: the server is unhealthy after the run"
  fig[$backend.hwm_mb]=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
  fig[$backend.rss_mb]=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
  stop_process "$server_pid" "brobygger"
}

for backend in $BACKENDS; do
  if [[ $backend == sqlite ]]; then
    log "sqlite: copying the database"
    cp --sparse=always "$cached" "$tmp/sqlite.db"
    fig[sqlite.setup_s]=$gen_seconds
    measure sqlite "$tmp/sqlite.db"
    rm -f "$tmp/sqlite.db" "$tmp/sqlite.db-wal" "$tmp/sqlite.db-shm"
  else
    log "postgresql: starting a throwaway cluster"
    BROBYGGER_PG_OPTIONS="-c shared_buffers=512MB" bash "$repo/scripts/pg_cluster.sh" start >"$tmp/pg.env" ||
      die "could not start PostgreSQL"
    pg_root=$(sed -n 's/^export BROBYGGER_PG_ROOT=//p' "$tmp/pg.env")
    admin=$(sed -n 's/^export BROBYGGER_TEST_PG=//p' "$tmp/pg.env")
    run_step "createdb" 60 psql -q "$admin" -c "CREATE DATABASE bench_scale"
    pg_url=${admin%/postgres}/bench_scale
    log "postgresql: brobygger migrate --from $(basename "$cached") (about 4 minutes for 1,000,000 cases)"
    t0=$(date +%s.%N)
    run_step "migrate" 3600 "$BIN" migrate --from "$cached" --to "$pg_url"
    fig[postgresql.setup_s]=$(seconds_since "$t0")
    log "postgresql: moved in ${fig[postgresql.setup_s]} s"
    measure postgresql "$pg_url"
    BROBYGGER_PG_ROOT=$pg_root bash "$repo/scripts/pg_cluster.sh" stop || true
    pg_root=""
  fi
done

# --- 4. report -------------------------------------------------------------------------------
field() { # field NAME INDEX (1 rps, 2 p50, 3 p99, 4 requests, 5 bad); "-" when no request finished
  [[ -f $tmp/$1.fields ]] && awk -v i="$2" '{print (i != 4 && i != 5 && $4 == 0) ? "-" : $i}' "$tmp/$1.fields" || echo "-"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "-") printf "%.3f", a / b; else print "-" }'; }
aim() { # aim VALUE OP LIMIT → "yes"/"no"/"-"
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    if (v == "-" || v == "") { print "-"; exit }
    ok = (op == "<") ? (v + 0 < l + 0) : (v + 0 >= l + 0); print ok ? "yes" : "no" }'
}
nginx_rps=$(field nginx 1)
failed=0
for f in "$tmp"/*.fields; do
  bad=$(awk '{print $5}' "$f")
  if ((bad > 0)); then
    log "$(basename "$f" .fields): $bad failed requests: $(cat "${f%.fields}.json")"
    failed=1
  fi
done

declare -A label=([read]="case read by id" [list]="list with filters" [search]="full-text search"
  [dashboard]="dashboard (/oversigt)" [report]="annual report JSON" [signals]="signals for a quarter"
  [survey]="survey report")
{
  echo
  echo "Brobygger at national scale — commit $bench_commit — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $bench_cores cores, $bench_cpu, $bench_kernel"
  echo "$CASES cases over 10 years, 1,078 departments, $RESPONSES survey answers; server --threads $SERVER_THREADS"
  for b in $BACKENDS; do
    if [[ $b == sqlite ]]; then echo "sqlite: generated in ${fig[sqlite.setup_s]} s (cached between runs)"; fi
    if [[ $b == postgresql ]]; then echo "postgresql: moved from the SQLite file in ${fig[postgresql.setup_s]} s"; fi
  done
  echo
  echo "One connection, ${RUNTIME}s per operation (ms):"
  printf '%-24s' "operation"
  for b in $BACKENDS; do printf ' %11s %11s %9s' "$b p50" "$b p99" "requests"; done
  echo
  for op in "${ops[@]}"; do
    printf '%-24s' "${label[$op]}"
    for b in $BACKENDS; do printf ' %11s %11s %9s' "$(field "$b-$op" 2)" "$(field "$b-$op" 3)" "$(field "$b-$op" 4)"; done
    echo
  done
  echo
  echo "$LOAD_CONNECTIONS connections, ${DURATION}s (after ${WARMUP}s warm-up); nginx serves a ${body_size:-?}-byte file:"
  printf '%-28s %11s %9s %9s %9s\n' "target" "requests/s" "p50 ms" "p99 ms" "vs nginx"
  printf '%-28s %11s %9s %9s %9s\n' "nginx static file" "$nginx_rps" "$(field nginx 2)" "$(field nginx 3)" "1.000"
  for b in $BACKENDS; do
    for kind in read create; do
      name=$b-load-$kind
      what="$b GET case"
      [[ $kind == create ]] && what="$b POST case (intake)"
      printf '%-28s %11s %9s %9s %9s\n' "$what" "$(field "$name" 1)" "$(field "$name" 2)" "$(field "$name" 3)" \
        "$(ratio "$(field "$name" 1)" "$nginx_rps")"
    done
  done
  echo
  echo "Server memory (MB): peak (VmHWM) / at the end (VmRSS)"
  for b in $BACKENDS; do echo "  $b: ${fig[$b.hwm_mb]} / ${fig[$b.rss_mb]}"; done
  echo
  echo "The issue's aims at $CASES cases:"
  printf '%-58s' "aim"
  for b in $BACKENDS; do printf ' %11s' "$b"; done
  echo
  aim_row() { # aim_row TEXT CMD... (CMD prints yes/no/- for a backend given as $b)
    local text=$1
    shift
    printf '%-58s' "$text"
    for b in $BACKENDS; do printf ' %11s' "$("$@" "$b")"; done
    echo
  }
  a_read_p99() { aim "$(field "$1-load-read" 3)" "<" 10; }
  a_read_ratio() { aim "$(ratio "$(field "$1-load-read" 1)" "$nginx_rps")" ">=" 0.25; }
  a_search_p50() { aim "$(field "$1-search" 2)" "<" 20; }
  a_search_p99() { aim "$(field "$1-search" 3)" "<" 100; }
  a_report() { aim "$(field "$1-report" 2)" "<" 2000; }
  a_memory() { aim "${fig[$1.hwm_mb]}" "<" 200; }
  a_intake() { if [[ $1 == sqlite ]]; then aim "$(field "$1-load-create" 1)" ">=" 1000; else echo "(none)"; fi; }
  aim_row "case read p99 < 10 ms at $LOAD_CONNECTIONS connections" a_read_p99
  aim_row "case read >= 25 % of nginx's request rate" a_read_ratio
  aim_row "search p50 < 20 ms" a_search_p50
  aim_row "search p99 < 100 ms" a_search_p99
  aim_row "annual report JSON < 2 s (median)" a_report
  aim_row "server memory < 200 MB (peak)" a_memory
  aim_row "durable intake >= 1,000 cases/s (SQLite)" a_intake
  echo
}

if [[ -n $OUT ]]; then
  {
    printf '{"commit":"%s","date":"%s","cases":%s,"responses":%s,"machine":{"nproc":%s,"cpu":"%s","kernel":"%s"},' \
      "$bench_commit" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$CASES" "$RESPONSES" "$bench_cores" "$bench_cpu" "$bench_kernel"
    printf '"nginx":%s' "$(cat "$tmp/nginx.json")"
    for b in $BACKENDS; do
      printf ',"%s":{"setup_s":%s,"memory_peak_mb":%s,"memory_end_mb":%s' "$b" "${fig[$b.setup_s]}" "${fig[$b.hwm_mb]}" "${fig[$b.rss_mb]}"
      for op in "${ops[@]}" load-read load-create; do printf ',"%s":%s' "$op" "$(cat "$tmp/$b-$op.json")"; done
      printf '}'
    done
    printf '}\n'
  } >"$OUT"
  log "wrote $OUT"
fi
((failed == 0)) || die "some requests failed (see above)"
