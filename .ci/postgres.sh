#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the store's server-mode tests.
#   eval "$(bash .ci/postgres.sh start)"   # prints: export DATABASE_URL=postgres://...
#   bash .ci/postgres.sh stop              # stops it and removes its directory
# Installs Debian's postgresql when missing. Runs the server as the `postgres` OS user (PostgreSQL
# refuses to run as root). Progress goes to stderr; stdout carries only the export lines.
# The cluster is recorded per checkout (the state file is keyed by this checkout's path, or
# HUBGRAPH_PG_STATE when set), so two CI runs on one machine each stop only their own cluster.
set -euo pipefail
CHECKOUT=$(cd "$(dirname "$0")/.." && pwd -P)
STATE=${HUBGRAPH_PG_STATE:-/tmp/hubgraph-ci-postgres.$(printf '%s' "$CHECKOUT" | sha256sum | cut -c1-16).state}

log() { echo "postgres.sh: $*" >&2; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

free_port() {
  local p
  for p in $(seq 55432 55532); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return 0; fi
  done
  log "no free port in 55432-55532"; return 1
}

start() {
  if [ -f "$STATE" ]; then log "a cluster is already running ($STATE); stop it first"; exit 1; fi
  local bin
  if ! bin=$(find_bin); then
    log "installing Debian's postgresql"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
  fi
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  local dir port
  dir=$(mktemp -d /tmp/hubgraph-pg.XXXXXX)
  chmod 755 "$dir"
  mkdir -p "$dir/data" "$dir/run"
  chown -R postgres: "$dir"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2 \
    || as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >&2
  # Another run may take the port we found between the check and the start: try the next free one then.
  local tries=0
  while :; do
    port=$(free_port)
    if as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/run -c fsync=off -c max_connections=50" start >&2; then break; fi
    tries=$((tries + 1))
    if [ "$tries" -ge 5 ]; then log "could not start a cluster (see $dir/server.log)"; exit 1; fi
    log "port $port was taken; trying another"
  done
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres hubgraph_test >&2
  printf 'DIR=%q\nBIN=%q\nPORT=%q\n' "$dir" "$bin" "$port" > "$STATE"
  log "cluster up on 127.0.0.1:$port (data in $dir)"
  echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/hubgraph_test"
}

stop() {
  if [ ! -f "$STATE" ]; then log "no cluster recorded in $STATE"; return 0; fi
  # shellcheck disable=SC1090
  . "$STATE"
  as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || log "pg_ctl stop failed (already stopped?)"
  rm -rf "$DIR" "$STATE"
  log "cluster stopped and $DIR removed"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
