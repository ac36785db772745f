# Shared by the scripts: paths, and starting/stopping the servers a run needs.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
VAR="$ROOT/var"
mkdir -p "$VAR/log"
PG_BIN=/usr/lib/postgresql/15/bin
STARTED_PIDS=()

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_redis() {  # start_redis PORT [DIR]: a Redis of this run's own, on loopback; with DIR, its queue kept there
  local port=$1 dir=${2:-}
  local persistence=(--save '' --appendonly no --dir "$VAR")
  # The append-only file keeps the task queue across a restart of Redis (fsync every second; the sweep covers the rest).
  [ -n "$dir" ] && mkdir -p "$dir" && persistence=(--save '' --appendonly yes --appendfsync everysec --dir "$dir")
  redis-server --port "$port" --bind 127.0.0.1 "${persistence[@]}" --daemonize no \
    >"$VAR/log/redis-$port.log" 2>&1 &
  STARTED_PIDS+=($!)
  for _ in $(seq 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "Redis did not start on port $port; see $VAR/log/redis-$port.log" >&2
  return 1
}

PG_DIR=""
start_postgis() {  # start_postgis PORT: a PostgreSQL + PostGIS in a data folder of this run's own
  local port=$1
  PG_DIR=$(mktemp -d /tmp/hawran-pg.XXXXXX)
  chown postgres:postgres "$PG_DIR"
  # PostgreSQL refuses to run as root: run it as Debian's postgres user.
  su postgres -s /bin/sh -c "$PG_BIN/initdb -D '$PG_DIR/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" \
    >"$VAR/log/postgres-init.log" 2>&1
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w \
    -o \"-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off\" start" \
    >"$VAR/log/postgres-start.log" 2>&1 || { cat "$PG_DIR/server.log" >&2; return 1; }
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE hawran" >/dev/null
  psql -h 127.0.0.1 -p "$port" -U postgres -d hawran -qc "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
}

stop_postgis() {
  [ -n "$PG_DIR" ] || return 0
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DIR/data' -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}

stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
  stop_postgis
}
