"""Settings for the Hawran Incident Map, read from the environment (django-environ)."""

import secrets
from pathlib import Path

import environ
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
    "leaflet",
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
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework_gis.pagination.GeoJsonPagination",
    "PAGE_SIZE": 500,
}

# Without a broker the tasks run in-process, so management commands work anywhere.
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task whose worker died unacknowledged is handed out again after this many seconds; tasks are idempotent.
# The sweep that finds such tasks runs every few seconds (one cheap Redis query), not kombu's default 100 s.
_visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    "unacked_restore_interval": min(10, _visibility_timeout),
    "unacked_restore_throttle": 1,
}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True

MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")
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

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Debian 12 ships GDAL 3.6; the app never opens user-supplied spatial files with GDAL (points are built in code),
# so the missing sandboxing of GDAL < 3.9 is not reachable from outside.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # In-process tasks would log every success (and kombu the unused in-memory broker) into commands' output.
    "loggers": {"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}
    if CELERY_TASK_ALWAYS_EAGER
    else {},
}
