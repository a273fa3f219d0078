# Helpers shared by the benchmark scripts in bench/ (sourced, not run).
#
# The sourcing script sets BENCH_NAME (the log prefix) and `tmp` (its temp dir) before using
# them, and calls bench_cleanup from its EXIT trap. Every process started here is stopped by
# bench_cleanup; every step runs under `timeout`.

bench_log() { printf '[%s] %s\n' "${BENCH_NAME:-bench}" "$*" >&2; }
bench_die() {
  printf '[%s] ERROR: %s\n' "${BENCH_NAME:-bench}" "$*" >&2
  exit 1
}

# Processes to stop at the end (pid and name), and the bounded command running now.
bench_pids=()
bench_names=()
step_pid=""

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
      bench_log "$name (pid $pid) did not stop on TERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# Remembers a started process for bench_cleanup.
track_process() {
  bench_pids+=("$1")
  bench_names+=("$2")
}

# Stops the running step and every tracked process, newest first.
bench_cleanup() {
  stop_process "$step_pid" "current step"
  local i
  for ((i = ${#bench_pids[@]} - 1; i >= 0; i--)); do
    stop_process "${bench_pids[i]}" "${bench_names[i]}"
  done
}

# The end of a script's cleanup(): stops the tracked processes, removes the temp dir `tmp`
# (kept with KEEP_TMP=1) and exits with the given status.
bench_finish() {
  local rc=$1
  bench_cleanup
  if [[ -n ${tmp:-} && -d $tmp ]]; then
    if [[ -n ${KEEP_TMP:-} ]]; then bench_log "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  exit "$rc"
}

# The script's cleanup() on exit; INT and TERM end the run (130, 143) through it.
bench_traps() {
  trap cleanup EXIT
  trap 'bench_log "interrupted"; exit 130' INT
  trap 'bench_log "terminated"; exit 143' TERM
}

# run_bounded LIMIT OUTFILE COMMAND...: runs the command under `timeout` in the background and
# waits for it, so that a signal to the script is acted on at once (cleanup stops the command;
# timeout passes the TERM on). Returns the command's exit status (124 = timed out).
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

# run_step WHAT LIMIT COMMAND...: like run_bounded; on failure shows the output and stops the run.
run_step() {
  local what=$1 limit=$2
  shift 2
  local out=$tmp/step.out
  local rc=0
  run_bounded "$limit" "$out" "$@" || rc=$?
  if ((rc != 0)); then
    cat "$out" >&2 || true
    if ((rc == 124)); then bench_die "$what: timed out after ${limit}s"; fi
    bench_die "$what: failed (exit $rc)"
  fi
}

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

# Waits until `curl URL` succeeds, checking that the process lives.
wait_http() {
  local url=$1 pid=$2 name=$3 i
  for ((i = 0; i < 200; i++)); do
    if curl -sf -o /dev/null --max-time 2 "$url"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || bench_die "$name exited while starting"
    sleep 0.1
  done
  bench_die "$name does not answer at $url"
}

# start_brobygger BIN DB THREADS LOGDIR [extra serve args…]: starts `serve` on a free port and
# sets server_pid and server_base. The server tells its port on stdout.
start_brobygger() {
  local bin=$1 db=$2 threads=$3 logs=$4
  shift 4
  "$bin" --db "$db" serve --listen 127.0.0.1:0 --threads "$threads" "$@" \
    >"$logs/server.out" 2>"$logs/server.err" </dev/null &
  server_pid=$!
  track_process "$server_pid" "brobygger"
  local port="" i
  for ((i = 0; i < 3000; i++)); do
    # The server's shell may not have created server.out yet at the first look.
    port=$(sed -n 's|.*lytter på http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$logs/server.out" 2>/dev/null | head -n1 || true)
    [[ -n $port ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$logs/server.err" >&2; bench_die "server exited during start-up"; }
    sleep 0.1
  done
  [[ -n $port ]] || { cat "$logs/server.out" "$logs/server.err" >&2; bench_die "server did not report its port within 5 minutes"; }
  server_base=http://127.0.0.1:$port
  wait_http "$server_base/healthz" "$server_pid" "brobygger"
}

# start_nginx NGINX DIR: a private nginx (its own config, logs and temp paths in DIR) serving
# DIR/www on a free port with 2 workers; sets nginx_pid and nginx_base. Works as root and leaves
# the system's nginx alone (workers run as "nobody": DIR and www must be world-searchable).
start_nginx() {
  local bin=$1 ngx=$2
  mkdir -p "$ngx/www" "$ngx/temp"
  chmod 755 "$ngx" "$ngx/www"
  local port
  port=$(free_port) || bench_die "no free port for nginx"
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
    listen 127.0.0.1:$port;
    root $ngx/www;
    location / { }
  }
}
EOF
  run_step "nginx -t" 30 "$bin" -t -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf"
  "$bin" -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" >"$ngx/stdout.log" 2>&1 </dev/null &
  nginx_pid=$!
  track_process "$nginx_pid" "nginx"
  nginx_base=http://127.0.0.1:$port
}

# The machine, for the report: sets bench_cores, bench_cpu, bench_kernel, bench_commit.
describe_machine() {
  local repo=$1
  bench_cores=$(nproc)
  bench_cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
  bench_cpu=${bench_cpu:-unknown}
  bench_kernel=$(uname -sr)
  bench_commit=unknown
  if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
    bench_commit=$(git -C "$repo" rev-parse --short=12 HEAD)
    if [[ -n $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
      bench_commit+="-dirty"
    fi
  fi
}

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
#
# The settings come from the variables DURATION, WARMUP (seconds), WRK_THREADS, CONNECTIONS and
# WRK_TIMEOUT (seconds a request may take before wrk counts it as failed; default 2).
run_wrk() {
  local name=$1 url=$2 script=$3 limit=$((DURATION + ${WRK_TIMEOUT:-2} + 60))
  local -a opts=(-t"$WRK_THREADS" -c"$CONNECTIONS" --timeout "${WRK_TIMEOUT:-2}s" -s "$script")
  if ((WARMUP > 0)); then
    run_bounded $((WARMUP + ${WRK_TIMEOUT:-2} + 60)) "$tmp/$name.warmup.txt" wrk "${opts[@]}" -d"${WARMUP}s" "$url" ||
      { cat "$tmp/$name.warmup.txt" >&2; bench_die "$name: warm-up failed"; }
  fi
  bench_log "$name: ${DURATION}s, $WRK_THREADS threads, $CONNECTIONS connections -> $url"
  local -a npids
  mapfile -t npids < <(nginx_pids)
  local s0 n0 m0 c0 t0 s1 n1 m1 c1 t1
  s0=$(proc_ticks "$server_pid") n0=$(proc_ticks "${npids[@]}") m0=$(machine_ticks)
  read_children_cpu
  c0=$children_cpu t0=$(date +%s.%N)
  if ! run_bounded "$limit" "$tmp/$name.txt" \
    wrk "${opts[@]}" -d"${DURATION}s" --latency "$url"; then
    cat "$tmp/$name.txt" >&2
    bench_die "$name: wrk failed or timed out"
  fi
  s1=$(proc_ticks "$server_pid") n1=$(proc_ticks "${npids[@]}") m1=$(machine_ticks)
  read_children_cpu
  c1=$children_cpu t1=$(date +%s.%N)
  sed -n 's/^BENCH_RESULT //p' "$tmp/$name.txt" >"$tmp/$name.json"
  sed -n 's/^BENCH_FIELDS //p' "$tmp/$name.txt" >"$tmp/$name.fields"
  [[ -s $tmp/$name.json && -s $tmp/$name.fields ]] || { cat "$tmp/$name.txt" >&2; bench_die "$name: no result from wrk"; }
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
