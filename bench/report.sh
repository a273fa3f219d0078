#!/usr/bin/env bash
# Annual report benchmark: `brobygger report annual` over a database of 1,000,000 generated
# cases, as JSON and as PDF, beside the same aggregates run as plain SQL in the sqlite3 shell
# (docs/PERFORMANCE.md, "Annual report", explains the figures). Aims from the issue: JSON in
# under 2 s, PDF in under 10 s.
#
#   bash bench/report.sh
#
# Steps:
#   1. The database is made once and kept as a cache (default $BUILD/bench-1000000.db):
#      `brobygger init`, then `brobygger generate --cases N --no-journal` (timed). With
#      REPLICATE=k it generates N/k cases and copies them, with their reasons, departments and
#      themes, k−1 more times in SQL (new ids and numbers, the same dates), which gives the same
#      distribution in a fraction of the time; journal, search index and audit of the copies are
#      not made (the report reads none of them).
#   2. Prints the cases per year; the report year is last year (YEAR overrides), compared
#      with the year before it, as `report annual` does.
#   3. One unmeasured run of each command (warms the page cache and applies any pending
#      migration), then RUNS measured runs of each, wall clock:
#        sql   the statements of bench/report_aggregates.sql (= StatsStore::case_figures) for
#              the year and the year before, in `sqlite3 -readonly`, output to /dev/null
#        json  brobygger report annual --year Y --format json --out FILE
#        pdf   brobygger report annual --year Y --format pdf --out FILE
#   4. Checks that the JSON's cases_total equals the SQL count, and prints a table of the
#      medians with the ratio to the SQL and whether the aims are met. Exit status 1 when an aim
#      is missed (AIMS=0 reports without failing).
#
# Environment:
#   CASES        cases in the database (default 1000000)
#   REPLICATE    generate CASES/REPLICATE cases and copy them REPLICATE times (default 1)
#   SEED         generator seed (default 1)
#   YEARS        the cases are received over this many years before today (default 2, as the
#                figures in docs/PERFORMANCE.md were measured)
#   DB           the cached database (default $BUILD/bench-$CASES.db, BUILD=build)
#   REGENERATE=1 make the database again even when the cache exists
#   GEN_DIR      directory to generate in before moving the file to DB (e.g. /dev/shm: the
#                generator commits every case durably, and fsync is free on tmpfs)
#   YEAR         the report year (default: last year)
#   RUNS         measured runs per command (default 3; the median is reported)
#   BROBYGGER_BIN  binary (default $BUILD/brobygger);  SQLITE3  shell (default sqlite3)
#   KEEP_TMP=1   keep the temp dir with the outputs
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

BUILD=${BUILD:-build}
BIN=${BROBYGGER_BIN:-$repo/$BUILD/brobygger}
SQLITE3=${SQLITE3:-sqlite3}
CASES=${CASES:-1000000}
REPLICATE=${REPLICATE:-1}
YEARS=${YEARS:-2}
SEED=${SEED:-1}
DB=${DB:-$repo/$BUILD/bench-$CASES.db}
REGENERATE=${REGENERATE:-}
GEN_DIR=${GEN_DIR:-}
YEAR=${YEAR:-}
RUNS=${RUNS:-3}
AIMS=${AIMS:-1}
KEEP_TMP=${KEEP_TMP:-}
AIM_JSON=2
AIM_PDF=10
SQL_FILE=$here/report_aggregates.sql

log() { printf '[report-bench] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

[[ -x $BIN ]] || die "no brobygger binary at $BIN (build it, or set BROBYGGER_BIN)"
# Templates and messages: share/ beside the binary (as the build makes it), else the repository.
if [[ -z ${BROBYGGER_SHARE:-} && ! -d $(dirname "$BIN")/share/templates ]]; then
  export BROBYGGER_SHARE=$repo
fi
command -v "$SQLITE3" >/dev/null 2>&1 || die "$SQLITE3 is not installed"
[[ -f $SQL_FILE ]] || die "missing $SQL_FILE"
[[ $CASES =~ ^[0-9]+$ && $REPLICATE =~ ^[0-9]+$ && $RUNS =~ ^[0-9]+$ ]] || die "CASES, REPLICATE and RUNS must be numbers"
((REPLICATE >= 1 && RUNS >= 1)) || die "REPLICATE and RUNS must be at least 1"
((CASES % REPLICATE == 0)) || die "CASES ($CASES) must be a multiple of REPLICATE ($REPLICATE)"

# --- clean-up --------------------------------------------------------------------------------
tmp=""
step_pid=""
partial=""  # a database being made; removed unless finished
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $step_pid ]] && kill -0 "$step_pid" 2>/dev/null; then
    kill -TERM "$step_pid" 2>/dev/null || true
    wait "$step_pid" 2>/dev/null || true
  fi
  if [[ -n $partial ]]; then rm -f "$partial" "$partial-wal" "$partial-shm" "$partial-journal"; fi
  if [[ -n $tmp && -d $tmp ]]; then
    if [[ -n $KEEP_TMP ]]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM
tmp=$(mktemp -d "${TMPDIR:-/tmp}/brobygger-report-bench.XXXXXX")

# Runs a command in the background and waits, so a signal reaches cleanup at once. Output to
# $tmp/step.out; on failure it is shown and the run stops.
run_step() {
  local what=$1
  shift
  "$@" >"$tmp/step.out" 2>&1 &
  step_pid=$!
  local rc=0
  wait "$step_pid" || rc=$?
  step_pid=""
  if ((rc != 0)); then
    cat "$tmp/step.out" >&2 || true
    die "$what: failed (exit $rc)"
  fi
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# --- machine ---------------------------------------------------------------------------------
cores=$(nproc)
cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
commit=unknown
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
  commit=$(git -C "$repo" rev-parse --short=12 HEAD)
  [[ -z $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]] || commit+="-dirty"
fi
log "machine: $cores cores, ${cpu:-unknown}, $(uname -sr); commit $commit; load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the database (made once) ----------------------------------------------------------------
if [[ -n $REGENERATE || ! -f $DB ]]; then
  base=$((CASES / REPLICATE))
  mkdir -p "$(dirname "$DB")"
  gen_db=$DB.partial
  [[ -n $GEN_DIR ]] && gen_db=$GEN_DIR/$(basename "$DB").partial
  partial=$gen_db
  rm -f "$gen_db" "$gen_db-wal" "$gen_db-shm"
  log "making $DB: $base generated cases$( ((REPLICATE > 1)) && echo " × $REPLICATE copies") (in $(dirname "$gen_db"))"
  run_step "init" "$BIN" --db "$gen_db" init --municipality "Benchrup Kommune"
  t0=$(now)
  run_step "generate" "$BIN" --db "$gen_db" generate --cases "$base" --seed "$SEED" --no-journal --years "$YEARS"
  t1=$(now)
  gen_secs=$(elapsed "$t0" "$t1")
  log "generated $base cases in $gen_secs s ($(awk -v n="$base" -v s="$gen_secs" 'BEGIN { printf "%.0f", n / s }') cases/s)"
  if ((REPLICATE > 1)); then
    # Every column, with the key shifted by k × (largest id) and the case number made unique.
    cols() { "$SQLITE3" "$gen_db" "SELECT group_concat(name, ',') FROM pragma_table_info('$1')"; }
    copy_sql() {  # TABLE KEY K: INSERT … SELECT of the original rows as copy K
      local table=$1 key=$2 k=$3 list select
      list=$(cols "$table")
      select=$(tr ',' '\n' <<<"$list" | awk -v key="$key" -v k="$k" '
        $0 == key      { printf "%s%s + %d * @base", sep, $0, k; sep = ","; next }
        $0 == "number" { printf "%snumber || %s/%d%s", sep, "'\''", k, "'\''"; sep = ","; next }
                       { printf "%s%s", sep, $0; sep = "," }')
      echo "INSERT INTO $table($list) SELECT $select FROM $table WHERE $key <= @base;"
    }
    base_id=$("$SQLITE3" "$gen_db" "SELECT MAX(id) FROM cases")
    {
      echo ".parameter set @base $base_id"
      echo "PRAGMA synchronous = OFF;"
      echo "BEGIN;"
      for ((k = 1; k < REPLICATE; k++)); do
        copy_sql cases id "$k"
        copy_sql case_reasons case_id "$k"
        copy_sql case_departments case_id "$k"
        copy_sql case_themes case_id "$k"
      done
      echo "COMMIT;"
      echo "PRAGMA wal_checkpoint(TRUNCATE);"
    } >"$tmp/replicate.sql"
    t2=$(now)
    run_step "replicate" "$SQLITE3" -bail "$gen_db" ".read $tmp/replicate.sql"
    log "copied them $((REPLICATE - 1)) more time(s) in $(elapsed "$t2" "$(now)") s"
  fi
  n=$("$SQLITE3" "$gen_db" "SELECT COUNT(*) FROM cases")
  ((n == CASES)) || die "the database has $n cases, expected $CASES"
  [[ ! -s $gen_db-wal ]] || die "the generated database still has a WAL"
  rm -f "$gen_db-wal" "$gen_db-shm"
  mv -f "$gen_db" "$DB"
  partial=""
  log "database ready: $DB ($(du -h "$DB" | cut -f1)); making it took $(elapsed "$t0" "$(now)") s"
else
  log "using the cached database $DB ($(du -h "$DB" | cut -f1); REGENERATE=1 makes it again)"
fi

# --- the year --------------------------------------------------------------------------------
log "cases per year:"
"$SQLITE3" -readonly "$DB" "SELECT substr(received, 1, 4), COUNT(*) FROM cases GROUP BY 1 ORDER BY 1" |
  while IFS='|' read -r y c; do log "  $y: $c"; done
# The annual report is written for a year that has ended: by default last year.
YEAR=${YEAR:-$(($(date +%Y) - 1))}
[[ $YEAR =~ ^[0-9]{4}$ ]] || die "no year to report on (YEAR=$YEAR)"
prev=$((YEAR - 1))
count_year() { "$SQLITE3" -readonly "$DB" "SELECT COUNT(*) FROM cases WHERE received >= '$1-01-01' AND received <= '$1-12-31'"; }
n_year=$(count_year "$YEAR")
n_prev=$(count_year "$prev")
log "report year $YEAR: $n_year cases; $prev (the comparison year): $n_prev cases"
((n_year > 0)) || die "no cases received in $YEAR (set YEAR)"
log "note: the generator spreads the cases over the two years before today, so one calendar year holds" \
  "at most about half of them and the year before it only the rest"

# --- measurements ----------------------------------------------------------------------------
# The aggregates for the year and the year before, as the report computes them.
{
  for y in "$YEAR" "$prev"; do
    echo ".parameter set ?1 \"'$y-01-01'\""
    echo ".parameter set ?2 \"'$y-12-31'\""
    echo ".parameter set ?3 \"''\""
    cat "$SQL_FILE"
  done
} >"$tmp/aggregates.sql"

declare -A cmd_of
cmd_of[sql]="$SQLITE3 -readonly -bail $DB"
cmd_of[json]="$BIN --db $DB report annual --year $YEAR --format json --out $tmp/report.json"
cmd_of[pdf]="$BIN --db $DB report annual --year $YEAR --format pdf --out $tmp/report.pdf"

# run_one NAME: one run; sets last_wall (wall-clock seconds), last_rss (peak RSS, KiB) and
# last_cpu (user + system CPU seconds).
last_wall="" last_rss="" last_cpu=""
run_one() {
  local name=$1 t0 t1 input=/dev/null rss user sys
  [[ $name == sql ]] && input=$tmp/aggregates.sql
  t0=$(now)
  # shellcheck disable=SC2086  # the command lines are built above from fixed words
  /usr/bin/time -f '%M %U %S' -o "$tmp/$name.time" ${cmd_of[$name]} <"$input" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  step_pid=$!
  local rc=0
  wait "$step_pid" || rc=$?
  step_pid=""
  t1=$(now)
  if ((rc != 0)); then
    cat "$tmp/$name.err" >&2 || true
    die "$name: failed (exit $rc)"
  fi
  read -r rss user sys <"$tmp/$name.time"
  last_wall=$(elapsed "$t0" "$t1")
  last_rss=$rss
  last_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}

[[ -x /usr/bin/time ]] || die "/usr/bin/time is not installed (Debian package time)"
names=(sql json pdf)
for name in "${names[@]}"; do
  log "$name: warm-up run"
  run_one "$name"
done
declare -A walls rsss cpus
for ((r = 1; r <= RUNS; r++)); do
  for name in "${names[@]}"; do
    run_one "$name"
    walls[$name]+="$last_wall "
    rsss[$name]=$last_rss
    cpus[$name]+="$last_cpu "
    log "run $r: $name $last_wall s (CPU $last_cpu s, peak RSS $((last_rss / 1024)) MiB)"
  done
done

median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minmax() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f–%.2f", lo, hi }'; }

# Sanity: the report counts what the SQL counts.
sql_total=$(head -n 1 "$tmp/sql.out" | cut -d'|' -f1)
json_total=$(sed -n 's/^  "cases_total": \([0-9]*\),\{0,1\}$/\1/p' "$tmp/report.json" | head -n 1)
[[ $sql_total == "$n_year" ]] || die "the SQL counts $sql_total cases in $YEAR, expected $n_year"
[[ $json_total == "$n_year" ]] || die "the JSON report has cases_total $json_total, expected $n_year"
pdf_head=$(head -c 5 "$tmp/report.pdf")
[[ $pdf_head == "%PDF-" ]] || die "the PDF output does not start with %PDF-"

sql_med=$(median "${walls[sql]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "–" }'; }
met() { awk -v t="$1" -v aim="$2" 'BEGIN { print (t < aim) ? "yes" : "NO" }'; }
json_med=$(median "${walls[json]}")
pdf_med=$(median "${walls[pdf]}")
json_met=$(met "$json_med" "$AIM_JSON")
pdf_met=$(met "$pdf_med" "$AIM_PDF")

row() { printf '%-44s %9s %13s %8s %10s %9s %6s\n' "$@"; }
{
  echo
  echo "Brobygger annual report benchmark — commit $commit — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $cores cores, ${cpu:-unknown}, $(uname -sr); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "database: $DB, $CASES cases$( ((REPLICATE > 1)) && echo " ($((CASES / REPLICATE)) generated × $REPLICATE)");" \
    "year $YEAR: $n_year cases, $prev: $n_prev cases; median of $RUNS runs after one warm-up"
  echo
  row "what" "median s" "min–max s" "CPU s" "vs SQL" "aim" "met"
  row "plain SQL, sqlite3 shell ($YEAR and $prev)" "$sql_med" "$(minmax "${walls[sql]}")" "$(median "${cpus[sql]}")" "1.0×" "" ""
  row "report annual --format json" "$json_med" "$(minmax "${walls[json]}")" "$(median "${cpus[json]}")" \
    "$(ratio "$json_med" "$sql_med")" "< $AIM_JSON s" "$json_met"
  row "report annual --format pdf" "$pdf_med" "$(minmax "${walls[pdf]}")" "$(median "${cpus[pdf]}")" \
    "$(ratio "$pdf_med" "$sql_med")" "< $AIM_PDF s" "$pdf_met"
  echo
  echo "Outputs: JSON $(stat -c %s "$tmp/report.json") bytes, PDF $(stat -c %s "$tmp/report.pdf") bytes;" \
    "peak RSS: sql $((rsss[sql] / 1024)) MiB, json $((rsss[json] / 1024)) MiB, pdf $((rsss[pdf] / 1024)) MiB."
  echo "Times are wall clock for the whole process (start, open, migrations check, queries, rendering, write)."
  echo
}
if [[ $AIMS == 1 && ($json_met != yes || $pdf_met != yes) ]]; then
  die "an aim is missed (see above)"
fi
