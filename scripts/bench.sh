#!/usr/bin/env bash
# make bench: throughput figures, each next to a baseline measured in the same run.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
for bench in bench/bench_*.py; do
  log "$bench"
  "$PY" "$bench" "$@"
done
