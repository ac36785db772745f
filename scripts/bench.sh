#!/usr/bin/env bash
# make bench: throughput figures, each next to a baseline measured in the same run.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
trap stop_started EXIT INT TERM
# A throwaway PostGIS and Redis: the map's benchmark loads its own data into the server, the end-to-end one into hawran.
PG_PORT=$(free_port)
log "Starting PostgreSQL + PostGIS on 127.0.0.1:$PG_PORT"
start_postgis "$PG_PORT"
REDIS_PORT=$(free_port)
start_redis "$REDIS_PORT"
export HAWRAN_BENCH_POSTGIS="postgis://postgres@127.0.0.1:$PG_PORT"
export BENCH_DATABASE_URL="postgis://postgres@127.0.0.1:$PG_PORT/hawran" BENCH_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
# BENCHES="bench/bench_workers.py bench/bench_api.py" make bench runs only those.
for bench in ${BENCHES:-bench/bench_*.py}; do
  log "$bench"
  "$PY" "$bench" "$@"
done
