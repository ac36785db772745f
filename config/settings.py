"""Settings for the Hawran Incident Map, read from the environment (django-environ)."""

import datetime as dt
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env(
    DEBUG=(bool, True),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CELERY_BROKER_URL=(str, ""),
    MAP_TILE_URL=(str, ""),
    MAP_TILE_ATTRIBUTION=(str, ""),
    GAZETTEER_FUZZY_THRESHOLD=(float, 88.0),
    GAZETTEER_ONLINE_GEOCODER_URL=(str, ""),
    GAZETTEER_PATH=(str, str(BASE_DIR / "seeds" / "gazetteer" / "places.csv")),
    GAZETTEER_ADMIN_PATH=(
        str, str(BASE_DIR.parent / "shared" / "gazetteer" / "opensyria-admin" / "daraa-quneitra-admin.csv")
    ),
    SPATIALITE_LIBRARY_PATH=(str, "mod_spatialite"),
    DATABASE_CONN_MAX_AGE=(int, 60),
    CELERY_TASK_TIME_LIMIT=(int, 30),
    INCIDENTS_REQUEUE_INTERVAL=(float, 30.0),
    INCIDENTS_REQUEUE_AFTER=(float, 120.0),
    SECURE_PROXY_SSL_HEADER=(str, ""),
    AXES_FAILURE_LIMIT=(int, 5),
    AXES_COOLOFF_MINUTES=(float, 15.0),
    API_THROTTLE_ANON=(str, "120/min"),
    API_THROTTLE_USER=(str, "600/min"),
    MAP_THROTTLE=(str, "1200/min"),
)
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")


def _development_secret_key() -> str:
    """Return a development key kept in an ignored file, created on first use."""
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default=None)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is off.")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "axes",
    "csp",
    "simple_history",
    "gazetteer",
    "incidents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Field-level history of incidents, places and names records the request's user as who changed them.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lock-out response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out client is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin logins: after AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that pair is locked out
# for AXES_COOLOFF_MINUTES (a wrong guess at another account from the same address counts for that account).
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = dt.timedelta(minutes=env("AXES_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a proxy, the client address comes from the header the proxy sets (only when the proxy header is trusted).
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env("SECURE_PROXY_SSL_HEADER") else ["REMOTE_ADDR"]
)

# The pages load every script and style from our own static files (no inline script, no CDN): a strict policy.
# Map tiles, when configured, are the only images from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # The nonce is sent only on pages that use it: the admin's point widget (django-leaflet) inlines its set-up.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

ROOT_URLCONF = "config.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"spatialite:///{VAR_DIR / 'hawran.sqlite3'}"),
}
# Connections kept for a minute (checked before reuse): a Celery task or a request that opened its own would spend
# more on the connection (PostGIS: a backend process and its type look-ups) than on its work.
DATABASES["default"]["CONN_MAX_AGE"] = env("DATABASE_CONN_MAX_AGE")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.contrib.gis.db.backends.spatialite":
    # The file's folder must exist before SQLite can create it.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
SPATIALITE_LIBRARY_PATH = env("SPATIALITE_LIBRARY_PATH")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
LOGIN_URL = "admin:login"
# Why a record changed ("follows the correction of incident N by user U") can be longer than 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Reading is open; writing needs the model permission (posting an article: incidents.add_article).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # The map's endpoints (incidents.api.map) have a scope of their own: the time control played at its fastest
    # (a step each 100 ms) asks for 600 views a minute.
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_THROTTLE_ANON"), "user": env("API_THROTTLE_USER"),
                               "map": env("MAP_THROTTLE")},
    "DEFAULT_PAGINATION_CLASS": "rest_framework_gis.pagination.GeoJsonPagination",
    "PAGE_SIZE": 500,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The OpenAPI 3 schema at /api/schema/, its documentation page at /api/docs/ (Swagger UI served from our static files).
SPECTACULAR_SETTINGS = {
    "TITLE": "Hawran incident map API",
    "DESCRIPTION": "Incidents extracted from Arabic press reports on southern Syria, as GeoJSON; the same filters "
    "apply to the exports /export/incidents.geojson, /export/incidents.csv (ACLED columns) and /export/incidents.html.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Without a broker the tasks run in-process, so management commands work anywhere.
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# One article takes well under a second; a task still running at the soft limit fails visibly (status failed), one
# stuck past the hard limit has its pool process killed and is handed out again.
CELERY_TASK_TIME_LIMIT = env("CELERY_TASK_TIME_LIMIT")
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT * 4 // 5)
# A task whose worker died unacknowledged is handed out again after the visibility timeout, so it must outlast the
# longest task (the hard limit) or a running task would be handed out twice; tasks are idempotent either way.
# The sweep that finds such tasks runs every few seconds (one cheap Redis query), not kombu's default 100 s.
_visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 20)
if _visibility_timeout <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT ({_visibility_timeout} s) must exceed CELERY_TASK_TIME_LIMIT "
        f"({CELERY_TASK_TIME_LIMIT} s), or running tasks would be handed out again."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    "unacked_restore_interval": min(10, _visibility_timeout),
    "unacked_restore_throttle": 1,
}
# Workers wait for a restarted broker instead of exiting; a publish retries briefly, then the sweep below takes over.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1}
# One cache for every web process (the API's throttles count there): CACHE_URL, or else the broker's Redis when there
# is one; without either, each process has its own (development, tests). Redis away: the cache reads as empty and
# writes are dropped (logged), so the throttles let requests through rather than answer 500.
_cache_url = env("CACHE_URL", default="") or (
    CELERY_BROKER_URL if urlsplit(CELERY_BROKER_URL).scheme in ("redis", "rediss") else ""
)
if _cache_url:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "hawran-cache",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Celery closes a worker's database connections around every task unless told to reuse them; they are reused here
# like a request's (CONN_MAX_AGE, dropped when broken: config/celery.py) and renewed after this many tasks anyway.
CELERY_DB_REUSE_MAX = 1000
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Celery beat queues again the work left unfinished (article received, incidents pending) by a lost message.
INCIDENTS_REQUEUE_INTERVAL = env("INCIDENTS_REQUEUE_INTERVAL")
INCIDENTS_REQUEUE_AFTER = env("INCIDENTS_REQUEUE_AFTER")
if INCIDENTS_REQUEUE_INTERVAL <= 0 or INCIDENTS_REQUEUE_AFTER <= 0:
    raise ImproperlyConfigured("INCIDENTS_REQUEUE_INTERVAL and INCIDENTS_REQUEUE_AFTER must be positive seconds.")
CELERY_BEAT_SCHEDULE = {
    "requeue-unfinished-work": {"task": "incidents.tasks.requeue_unfinished", "schedule": INCIDENTS_REQUEUE_INTERVAL},
}
CELERY_BEAT_SCHEDULE_FILENAME = env("CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule"))

MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")
if MAP_TILE_URL:
    # Leaflet's {s} sub-domains (a, b, c) all need the policy's leave to load.
    _tiles = urlsplit(MAP_TILE_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}")
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (32.8, 36.1),
    "DEFAULT_ZOOM": 9,
    "TILES": [("tiles", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})] if MAP_TILE_URL else [],
    "NO_GLOBALS": False,
}

GAZETTEER_PATH = env("GAZETTEER_PATH")
# OCHA admin levels 1-3 (OpenSyria export, read where it lies; its data is not copied into the project).
GAZETTEER_ADMIN_PATH = env("GAZETTEER_ADMIN_PATH")
GAZETTEER_FUZZY_THRESHOLD = env("GAZETTEER_FUZZY_THRESHOLD")
if not 50 <= GAZETTEER_FUZZY_THRESHOLD <= 100:
    raise ImproperlyConfigured("GAZETTEER_FUZZY_THRESHOLD must be between 50 and 100 (a rapidfuzz score).")
GAZETTEER_ONLINE_GEOCODER_URL = env("GAZETTEER_ONLINE_GEOCODER_URL")

# The editors' review queue: a geocode below this confidence needs review; a point inside a neighbour's outline (the
# base map's countries file, read where it lies) is outside Syria.
INCIDENTS_REVIEW_CONFIDENCE = env.float("INCIDENTS_REVIEW_CONFIDENCE", default=0.6)
if not 0 <= INCIDENTS_REVIEW_CONFIDENCE <= 1:
    raise ImproperlyConfigured("INCIDENTS_REVIEW_CONFIDENCE must be between 0 and 1.")
INCIDENTS_BORDERS_PATH = env.str(
    "INCIDENTS_BORDERS_PATH", default=str(BASE_DIR / "static" / "basemap" / "osm_countries_maritime.geojson")
)

# Trust a proxy's header only when one is configured, e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto (behind a proxy
# that sets it and strips the client's); otherwise any client could claim to be on HTTPS.
if env("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + env("SECURE_PROXY_SSL_HEADER").upper().replace("-", "_"), "https")

if not DEBUG:
    # Served over HTTPS; `make run` sets SECURE_SSL_REDIRECT=0 to serve plain HTTP on 127.0.0.1 only.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_SSL_REDIRECT else 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Debian 12 ships GDAL 3.6; the app never opens user-supplied spatial files with GDAL (points are built in code),
# so the missing sandboxing of GDAL < 3.9 is not reachable from outside.
# The map's covering indexes (INCLUDE) serve PostgreSQL; on SQLite the same indexes without their non-key columns
# are what we want, so its warning that they are left out is silenced.
SILENCED_SYSTEM_CHECKS = ["gis.W001", "models.W040"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # In-process tasks would log every success (and kombu the unused in-memory broker) into commands' output.
    "loggers": {
        "axes": {"level": "WARNING"},
        **({"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}
           if CELERY_TASK_ALWAYS_EAGER else {}),
    },
}
