#!/usr/bin/env bash
# Fuzzing: every libFuzzer target in fuzz/ (clang, ASan + UBSan) for a set time, one after the
# other, each in a working corpus under build-fuzz/ that starts from the seeds in
# fuzz/corpus/<target>/ and keeps growing from run to run (docs/FUZZING.md).
#
#   bash bench/fuzz.sh                        (or: make fuzz)
#   SECONDS_PER_TARGET=300 bash bench/fuzz.sh form multipart
#
# Installs clang, libFuzzer's runtime and llvm when missing (apt-get, as scripts/setup.sh),
# configures build-fuzz with clang and -DBROBYGGER_FUZZ=ON, builds the targets, runs each, and
# prints a table: runs, exec/s, coverage (edges) and features, corpus size and new crashes.
# Every crash-*, timeout-*, leak-* and oom-* input found is listed; the run then exits 1. A
# found input belongs, after the fix, in fuzz/regressions/<target>/ under a name that says
# what broke (the unit tests replay it).
#
# Environment:
#   SECONDS_PER_TARGET  fuzzing time per target (default 60)
#   FUZZ_BUILD          build directory (default build-fuzz)
#   JOBS                build parallelism (default 2)
#   OUT                 also write the results as JSON lines to this file
#   Arguments           the targets to run (default: all)
set -uo pipefail
cd "$(dirname "$0")/.."

BENCH_NAME=fuzz
seconds=${SECONDS_PER_TARGET:-60}
build=${FUZZ_BUILD:-build-fuzz}
jobs=${JOBS:-2}
all_targets=(form multipart json_case json_systemic survey_csv letter_text letter_pdf query_filters)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")

log() { printf '[fuzz] %s\n' "$*" >&2; }
die() {
  printf '[fuzz] ERROR: %s\n' "$*" >&2
  exit 2
}

# The longest input per target: a form or a JSON body of a few KB, a survey file or a letter
# of some pages, a PDF as large as the seeds give room for.
max_len_of() {
  case "$1" in
    query_filters) echo 2048 ;;
    form | json_case | json_systemic) echo 8192 ;;
    multipart | survey_csv | letter_text) echo 16384 ;;
    letter_pdf) echo 65536 ;;
    *) echo 4096 ;;
  esac
}

# --- tools ----------------------------------------------------------------------------------
need=()
command -v clang++ >/dev/null 2>&1 || need+=(clang)
compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null ||
  need+=(libclang-rt-14-dev)
command -v llvm-symbolizer >/dev/null 2>&1 || compgen -G "/usr/lib/llvm-*/bin/llvm-symbolizer" >/dev/null ||
  need+=(llvm)
if ((${#need[@]})); then
  log "installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" ||
    die "could not install ${need[*]}"
fi
if ! command -v llvm-symbolizer >/dev/null 2>&1; then
  symbolizer=$(compgen -G "/usr/lib/llvm-*/bin/llvm-symbolizer" | sort -V | tail -1)
  [ -n "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=$symbolizer
fi

# --- build ----------------------------------------------------------------------------------
log "configuring $build (clang, -DBROBYGGER_FUZZ=ON)"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBROBYGGER_FUZZ=ON -DBROBYGGER_BENCH=OFF >/dev/null || die "cmake configure failed"
build_targets=()
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || die "unknown target $t (known: ${all_targets[*]})"
  build_targets+=("fuzz_$t")
done
log "building ${build_targets[*]}"
cmake --build "$build" -j "$jobs" --target "${build_targets[@]}" || die "build failed"

# --- runs -----------------------------------------------------------------------------------
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export OMP_THREAD_LIMIT=1
work="$build/fuzz-work"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
rows=()
found_total=0
for t in "${targets[@]}"; do
  corpus="$work/corpus/$t"
  artifacts="$work/artifacts/$t/$stamp"
  mkdir -p "$corpus" "$artifacts"
  cp -n fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
  logfile="$work/$t-$stamp.log"
  dict=()
  [ -f "fuzz/dicts/$t.dict" ] && dict=(-dict="fuzz/dicts/$t.dict")
  log "$t: ${seconds}s, max_len $(max_len_of "$t"), corpus $(find "$corpus" -type f | wc -l) files"
  start=$(date +%s)
  # A crash ends the run early; the input is in $artifacts.
  "$build/fuzz/fuzz_$t" "$corpus" "${dict[@]}" -max_total_time="$seconds" -max_len="$(max_len_of "$t")" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    >"$logfile" 2>&1
  rc=$?
  elapsed=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logfile" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logfile" | tail -1)
  last=$(grep -E '^#[0-9]+' "$logfile" | grep -o 'cov: [0-9]* ft: [0-9]*' | tail -1)
  cov=$(awk '{print $2}' <<<"$last")
  ft=$(awk '{print $4}' <<<"$last")
  files=$(find "$corpus" -type f | wc -l)
  found=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'leak-*' -o -name 'oom-*' \) | wc -l)
  if [ "$rc" -ne 0 ] && [ "$found" -eq 0 ]; then
    log "$t: the fuzzer exited with $rc and left no input; see $logfile"
    found=1
  fi
  found_total=$((found_total + found))
  rows+=("$(printf '%-14s %6ss %12s %9s %7s %7s %7s %7s' "$t" "$elapsed" "${runs:-?}" "${eps:-?}" "${cov:-?}" \
    "${ft:-?}" "$files" "$found")")
  if [ -n "${OUT:-}" ]; then
    printf '{"target":"%s","date":"%s","commit":"%s","seconds":%s,"runs":%s,"exec_per_sec":%s,"cov":%s,"ft":%s,"corpus":%s,"found":%s}\n' \
      "$t" "$stamp" "$(git rev-parse --short HEAD 2>/dev/null)" "$elapsed" "${runs:-null}" "${eps:-null}" \
      "${cov:-null}" "${ft:-null}" "$files" "$found" >>"$OUT"
  fi
  if [ "$found" -gt 0 ]; then
    find "$artifacts" -type f | sed 's/^/[fuzz]   found: /' >&2
    grep -m3 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|terminate called|what\(\)' \
      "$logfile" | sed 's/^/[fuzz]   /' >&2
  fi
done

echo
printf '%-14s %7s %12s %9s %7s %7s %7s %7s\n' target time runs exec/s cov ft corpus found
for r in "${rows[@]}"; do echo "$r"; done
echo
if [ "$found_total" -gt 0 ]; then
  echo "fuzz: $found_total input(s) crashed, timed out or leaked (see above; logs in $work)"
  exit 1
fi
echo "fuzz: no crashes ($(date -u +%F), commit $(git rev-parse --short HEAD 2>/dev/null))"
