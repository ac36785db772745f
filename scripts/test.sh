#!/usr/bin/env bash
# make test: set up, then every group of tests; starts and stops the servers the groups need.
set -uo pipefail
source "$(dirname "$0")/common.sh"
bash "$ROOT/scripts/bootstrap.sh" || exit 1
cd "$ROOT"
trap stop_started EXIT INT TERM
export DJANGO_SETTINGS_MODULE=config.settings
unset DATABASE_URL CELERY_BROKER_URL

failed=()
summary=()
total_passed=0
total_failed=0
run_group() {  # run_group NAME PYTEST-ARGS...
  local name=$1; shift
  local output="$VAR/log/pytest-last.log"
  log "Tests: $name"
  "$PY" -m pytest -q -p no:cacheprovider "$@" 2>&1 | tee "$output"
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed+=("$name")
  local line count
  line=$(tail -n 1 "$output")
  for count in $(grep -oE '[0-9]+ passed' <<<"$line" | cut -d' ' -f1); do total_passed=$((total_passed + count)); done
  for count in $(grep -oE '[0-9]+ (failed|errors?)' <<<"$line" | cut -d' ' -f1); do
    total_failed=$((total_failed + count))
  done
  summary+=("$name: $line")
}

"$PY" manage.py collectstatic --noinput -v0 || failed+=("collectstatic")

log "Lint: ruff"
"$VENV/bin/ruff" check . || failed+=("ruff")

run_group "unit (pure Python)" tests/unit
run_group "database on SpatiaLite" tests/db

PG_PORT=$(free_port)
log "Starting PostgreSQL + PostGIS on 127.0.0.1:$PG_PORT"
if start_postgis "$PG_PORT"; then
  DATABASE_URL="postgis://postgres@127.0.0.1:$PG_PORT/hawran" run_group "database on PostGIS" tests/db
else
  failed+=("PostGIS server")
fi
stop_postgis

REDIS_PORT=$(free_port)
log "Starting Redis on 127.0.0.1:$REDIS_PORT"
if start_redis "$REDIS_PORT"; then
  HAWRAN_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" run_group "end to end (Celery worker, Redis, Chromium)" tests/e2e
else
  failed+=("Redis server")
fi

log "Summary"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED groups: ${failed[*]}" >&2
  echo "total: $total_passed passed, $((total_failed > 0 ? total_failed : 1)) failed"
  exit 1
fi
echo "total: $total_passed passed, 0 failed"
