#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on loopback for the tests and benchmarks.
#
#   eval "$(scripts/pg_cluster.sh start)"   # exports BROBYGGER_PG_ROOT and BROBYGGER_TEST_PG
#   scripts/pg_cluster.sh stop              # stops it and removes its folder
#
# BROBYGGER_TEST_PG is the URL of the cluster's maintenance database; tests create a database
# of their own in it. The cluster lives in a temporary folder, listens on 127.0.0.1 on a free
# port, trusts local connections (nothing else can reach it) and uses UTF-8 with the C.UTF-8
# locale (Danish letters in full-text search). As root it runs the server as user postgres.
# BROBYGGER_PG_OPTIONS adds server options, e.g. "-c shared_buffers=512MB" (bench/scale.sh).
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

run_as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    root=$(mktemp -d /tmp/bb-pg-XXXXXX)
    chmod 700 "$root"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$root"; fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    run_as_pg "$PGBIN/initdb" -D "$root/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
      || { cat "$root/initdb.log" >&2; exit 1; }
    run_as_pg "$PGBIN/pg_ctl" -D "$root/data" -l "$root/server.log" -w \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $root -c fsync=on -c max_connections=200 ${BROBYGGER_PG_OPTIONS:-}" start >/dev/null \
      || { cat "$root/server.log" >&2; exit 1; }
    echo "export BROBYGGER_PG_ROOT=$root"
    echo "export BROBYGGER_TEST_PG=postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    root=${BROBYGGER_PG_ROOT:?BROBYGGER_PG_ROOT is not set (eval the output of start)}
    if [ -d "$root/data" ]; then
      run_as_pg "$PGBIN/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$root"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
