#!/usr/bin/env bash
# make run: set up, then serve the map with a real Redis and a real Celery worker. Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
trap stop_started EXIT INT TERM

# A production-safe default: DEBUG off, gunicorn, static files by whitenoise. DEV_SERVER=1 make run serves with
# Django's development server and DEBUG on instead. Plain HTTP on loopback here; behind a proxy see the README.
if [ "${DEV_SERVER:-0}" = 1 ]; then
  export DEBUG=${DEBUG:-1}
else
  export DEBUG=${DEBUG:-0} SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-0}
  [ -s .secret_key ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >.secret_key
  SECRET_KEY=${SECRET_KEY:-$(cat .secret_key)}
  export SECRET_KEY
fi
WEB_WORKERS=${WEB_WORKERS:-2}
WEB_PORT=${WEB_PORT:-8000}
REDIS_PORT=${REDIS_PORT:-6390}
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
log "Starting Redis on 127.0.0.1:$REDIS_PORT (queue kept in var/redis across restarts)"
start_redis "$REDIS_PORT" "$VAR/redis"

log "Preparing the database"
"$PY" manage.py migrate --noinput
"$PY" manage.py load_gazetteer
"$PY" manage.py collectstatic --noinput -v0

log "Starting a Celery worker (log: var/log/worker.log)"
"$VENV/bin/celery" -A config worker --concurrency 1 --loglevel INFO >"$VAR/log/worker.log" 2>&1 &
STARTED_PIDS+=($!)

log "Starting Celery beat, which queues again work a lost message left unfinished (log: var/log/beat.log)"
"$VENV/bin/celery" -A config beat --loglevel INFO --schedule "$VAR/celerybeat-schedule" >"$VAR/log/beat.log" 2>&1 &
STARTED_PIDS+=($!)

log "Ingesting the sample articles through the worker"
"$PY" manage.py ingest seeds/articles --wait 300

cat <<MSG

  The map:        http://127.0.0.1:$WEB_PORT/
  The API:        http://127.0.0.1:$WEB_PORT/api/incidents/
  Exports:        http://127.0.0.1:$WEB_PORT/export/incidents.geojson  and  .csv
  Editors:        http://127.0.0.1:$WEB_PORT/admin/  (create a login with:
                  .venv/bin/python manage.py createsuperuser)
  Stop with Ctrl-C: the server, the worker, beat and Redis stop together.

MSG
if [ "${DEV_SERVER:-0}" = 1 ]; then
  "$PY" manage.py runserver 127.0.0.1:$WEB_PORT --noreload &
else
  log "Serving with gunicorn ($WEB_WORKERS workers, DEBUG off)"
  "$VENV/bin/gunicorn" config.wsgi --bind 127.0.0.1:$WEB_PORT --workers "$WEB_WORKERS" --access-logfile - &
fi
STARTED_PIDS+=($!)
wait "${STARTED_PIDS[-1]}"
