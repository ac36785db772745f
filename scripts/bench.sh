#!/usr/bin/env bash
# make bench: throughput figures, each next to a baseline measured in the same run.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
trap stop_started EXIT INT TERM
# A throwaway PostGIS for the map's benchmark (bench/bench_map.py loads its own data into it).
PG_PORT=$(free_port)
log "Starting PostgreSQL + PostGIS on 127.0.0.1:$PG_PORT"
start_postgis "$PG_PORT"
export HAWRAN_BENCH_POSTGIS="postgis://postgres@127.0.0.1:$PG_PORT"
for bench in bench/bench_*.py; do
  log "$bench"
  "$PY" "$bench" "$@"
done
