#!/usr/bin/env bash
# make run: set up, then serve the map with a real Redis and a real Celery worker. Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
trap stop_started EXIT INT TERM

REDIS_PORT=${REDIS_PORT:-6390}
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
log "Starting Redis on 127.0.0.1:$REDIS_PORT"
start_redis "$REDIS_PORT"

log "Preparing the database"
"$PY" manage.py migrate --noinput
"$PY" manage.py load_gazetteer
"$PY" manage.py collectstatic --noinput -v0

log "Starting a Celery worker (log: var/log/worker.log)"
"$VENV/bin/celery" -A config worker --concurrency 1 --loglevel INFO >"$VAR/log/worker.log" 2>&1 &
STARTED_PIDS+=($!)

log "Ingesting the sample articles through the worker"
"$PY" manage.py ingest seeds/articles --wait 300

cat <<MSG

  The map:        http://127.0.0.1:8000/
  The API:        http://127.0.0.1:8000/api/incidents/
  Exports:        http://127.0.0.1:8000/export/incidents.geojson  and  .csv
  Editors:        http://127.0.0.1:8000/admin/  (create a login with:
                  .venv/bin/python manage.py createsuperuser)
  Stop with Ctrl-C: the server, the worker and Redis stop together.

MSG
"$PY" manage.py runserver 127.0.0.1:8000 --noreload
