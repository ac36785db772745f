#!/usr/bin/env bash
# make bench: throughput figures, each next to a baseline measured in the same run.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
trap stop_started EXIT INT TERM
# The end-to-end benchmark runs on a PostGIS and a Redis of its own.
PG_PORT=$(free_port)
start_postgis "$PG_PORT"
REDIS_PORT=$(free_port)
start_redis "$REDIS_PORT"
export BENCH_DATABASE_URL="postgis://postgres@127.0.0.1:$PG_PORT/hawran" BENCH_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
for bench in bench/bench_*.py; do
  log "$bench"
  "$PY" "$bench" "$@"
done
