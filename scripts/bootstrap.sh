#!/usr/bin/env bash
# Install what is missing: Debian packages, a virtualenv whose sqlite3 can load SpatiaLite, the requirements.
set -euo pipefail
source "$(dirname "$0")/common.sh"

DEBIAN_PACKAGES=(gdal-bin libsqlite3-mod-spatialite postgresql-15-postgis-3 postgresql-client redis-server
                 chromium chromium-driver python3-venv python3-dev gettext)

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  # The Debian cluster is not ours: the scripts start their own PostgreSQL.
  $SUDO service postgresql stop >/dev/null 2>&1 || true
fi

can_load_extensions() {
  "$1" -c 'import sqlite3, sys; sys.exit(0 if hasattr(sqlite3.connect(":memory:"), "enable_load_extension") else 1)' \
    2>/dev/null
}

if [ ! -x "$PY" ] || ! can_load_extensions "$PY"; then
  base=""
  for candidate in ${HAWRAN_PYTHON:-} /usr/bin/python3 python3.11 python3; do
    if command -v "$candidate" >/dev/null && can_load_extensions "$candidate"; then base=$candidate; break; fi
  done
  if [ -z "$base" ]; then
    echo "No Python found whose sqlite3 can load extensions (needed by SpatiaLite); set HAWRAN_PYTHON." >&2
    exit 1
  fi
  log "Creating the virtualenv with $base"
  rm -rf "$VENV"
  "$base" -m venv "$VENV"
fi

stamp="$VENV/.requirements.sha256"
want=$(sha256sum "$ROOT/requirements.txt" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "Installing Python requirements"
  "$PY" -m pip install -q --upgrade pip
  "$PY" -m pip install -q -r "$ROOT/requirements.txt"
  echo "$want" >"$stamp"
fi

# The interface's translations (locale/*/LC_MESSAGES/django.po) are compiled here, not committed.
(cd "$ROOT" && "$PY" manage.py compilemessages --ignore=.venv -v0)
