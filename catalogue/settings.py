"""Settings for the catalogue, driven by environment variables (django-environ).

Defaults give a working local site on SQLite; production sets DJANGO_DEBUG=false,
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

from pathlib import Path
from typing import Any

import environ

from catalogue.database_settings import database_settings
from catalogue.log_settings import logging_settings
from catalogue.mail_settings import alerts_settings, mail_settings
from catalogue.public_forms_settings import public_forms_settings

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-not-for-production")
else:
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "catalogue.apps.CatalogueAdminConfig",  # the admin with the catalogue's own site: backoffice/site.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "simple_history",
    "axes",
    "csp",
    "accounts",
    "geo",
    "organisms",
    "projects",
    "proposals",
    "eligibility",
    "public",
    "opendata",
    "stats",
    "feedback",
    "alerts",
    "api",
    "backoffice",
    "caching",
    "outbox",
    "catalogue",
]

MIDDLEWARE = [
    # First: every log record of the request carries its id (catalogue/logging.py).
    "catalogue.middleware.RequestIdMiddleware",
    # Security headers outside WhiteNoise and the HTTPS redirect, so static files and
    # redirects get them too (SECURITY.md).
    "csp.middleware.CSPMiddleware",
    "catalogue.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",  # outside the page cache: on hits and 304s too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages carry their language in the address (/en/…): before the page cache, whose key holds it.
    "catalogue.locale.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "catalogue.middleware.RejectControlCharactersMiddleware",
    # TRACE, OPTIONS, PUT… get 405 on public addresses; POST only where a form posts.
    "catalogue.middleware.PublicMethodsMiddleware",
    # Anonymous GETs: cached per catalogue version, ETag / 304, answered before sessions, CSRF, auth…
    "caching.middleware.PublicCacheMiddleware",
    "catalogue.middleware.ResilientSessionMiddleware",  # a read-only database does not turn pages into 400s
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "catalogue.middleware.AdminHttpsOnlyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "catalogue.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "catalogue.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "catalogue.wsgi.application"

_databases = database_settings(env, BASE_DIR)
DATABASES = _databases["DATABASES"]
if "replica" in DATABASES:
    DATABASE_ROUTERS = _databases["DATABASE_ROUTERS"]
    MIDDLEWARE.insert(1, "catalogue.db_router.ReplicaMiddleware")

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://catalogue")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "caching.redis.RedisCache"  # Django's, one client per pool (caching/redis.py)
# Whole public responses live in their own cache (same server, other keys), so that clearing
# them leaves the facet counts and fragments.
CACHES["default"].setdefault("KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default="catalogue"))
CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": f"{CACHES['default']['KEY_PREFIX']}-pages"}
# The projects CSV's rows, one finished line per (catalogue version, language, delimiter, day,
# project) (opendata/exports/row_cache.py): about 1 KB a project and variant; 0 turns it off.
EXPORT_ROWS_CACHE_SECONDS = env.int("EXPORT_ROWS_CACHE_SECONDS", default=24 * 3600)
CACHES["exports"] = {**CACHES["default"], "KEY_PREFIX": f"{CACHES['default']['KEY_PREFIX']}-exports"}
if CACHES["exports"]["BACKEND"].endswith("LocMemCache"):  # per process: bounded
    CACHES["exports"].update(LOCATION="catalogue-exports", OPTIONS={"MAX_ENTRIES": 20000})
if CACHES["pages"]["BACKEND"].endswith("LocMemCache"):
    CACHES["pages"]["LOCATION"] = "catalogue-pages"
elif env.int("PAGE_CACHE_FRONT_SECONDS", default=60) > 0:
    # A shared page cache (Redis) gets a short-lived copy in each process in front of it: a hit
    # then costs no network round trip (caching/front.py; keys hold the catalogue version).
    CACHES["pages"] = {
        "BACKEND": "caching.front.FrontedCache",
        "LOCATION": "pages",
        "BACK": CACHES["pages"],
        "TIMEOUT": CACHES["pages"].get("TIMEOUT", 300),
        "FRONT_SECONDS": env.int("PAGE_CACHE_FRONT_SECONDS", default=60),
        "FRONT_MAX_ENTRIES": env.int("PAGE_CACHE_FRONT_ENTRIES", default=300),
    }
PAGE_CACHE_ALIAS = "pages"
# Never cached whole: the eligibility helper's answers depend on a household's income.
PAGE_CACHE_EXCLUDED_PREFIXES = ("/eligibilite/", "/api/v1/eligibilite/")
# Whole public responses are cached this long (keys include the catalogue version, so a change
# shows at once); 0 turns the page cache off (ETags and 304s remain).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
# A response body larger than this is served but not stored in the page cache.
PAGE_CACHE_MAX_BYTES = env.int("PAGE_CACHE_MAX_BYTES", default=1024 * 1024)
CATALOGUE_VERSION_RECHECK_SECONDS = env.float("CATALOGUE_VERSION_RECHECK_SECONDS", default=1.0)  # caching/version.py
# The comparison page offers a menu of every published project up to this many, a text field beyond.
COMPARE_MENU_MAX_PROJECTS = env.int("COMPARE_MENU_MAX_PROJECTS", default=200)
# Project cards per page on the territory and organism pages.
SECTION_PAGE_SIZE = env.int("SECTION_PAGE_SIZE", default=24)
# Organisms per page of the organisms directory.
ORGANISM_PAGE_SIZE = env.int("ORGANISM_PAGE_SIZE", default=100)
# Filter options shown for a facet whose values grow with the catalogue (organisms): the busiest ones.
FACET_MAX_OPTIONS = env.int("FACET_MAX_OPTIONS", default=40)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# django-axes first: it refuses a locked-out (username, address) before the password is even
# checked; then a username under a spread-out attack is refused from unknown addresses.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.login_protection.UsernameUnderAttackBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# STATIC_HOST: a CDN pulling from this site (WhiteNoise serves the files with far-future headers).
STATIC_HOST = env.str("STATIC_HOST", default="").rstrip("/")
STATIC_URL = f"{STATIC_HOST}/static/" if STATIC_HOST else "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Media (photos) are served by the front web server or an object store in production
# (docs/photos.md#media-photos-in-production).
# SERVE_MEDIA lets Django serve MEDIA_ROOT itself, with hardening headers, for local runs (`make run`).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)

# Uploads. Files over FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to a temporary file, so memory stays
# bounded whatever the upload; the non-file part of a request is capped by DATA_UPLOAD_MAX_MEMORY_SIZE.
# The body size itself is capped by the front server (client_max_body_size, docs/deployment.md#nginx); each form
# then refuses files over its own limit with a clear message.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_PERMISSIONS = 0o644
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=10 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)
PHOTO_MAX_SIDE = env.int("PHOTO_MAX_SIDE", default=10_000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# Longest time spent reading one import file (its preview); beyond, the file is refused.
IMPORT_PARSE_SECONDS = env.int("IMPORT_PARSE_SECONDS", default=20)

STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("MANIFEST_STATIC", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Media on S3-compatible object storage (django-storages) when a bucket is given (docs/deployment.md).
# Photo names are random and never rewritten, so objects are cached for good and never overwritten.
if env.str("S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            # Public pages link to a public host (CDN or bucket website) rather than to signed URLs
            # that would expire inside cached pages.
            "custom_domain": env.str("MEDIA_HOST", default="") or None,
            "querystring_auth": env.bool("S3_SIGNED_URLS", default=not env.str("MEDIA_HOST", default="")),
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=2592000, immutable"},
        },
    }

# Site identity used in citations and exports.
SITE_NAME = env.str("SITE_NAME", default="Habitat participatif & logement social")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
vars().update(mail_settings(env, DEBUG))  # EMAIL_URL, DEFAULT_FROM_EMAIL, outbox: catalogue/mail_settings.py
vars().update(public_forms_settings(env))  # personal data retention, public form limits, publisher identity
vars().update(alerts_settings(env))  # e-mail alerts: catalogue/mail_settings.py

# One JSON object per line on stderr, with the request id and no secrets: catalogue/log_settings.py.
LOGGING = logging_settings(env)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe instances over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# The language chosen in the header's switcher: no script reads it either.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG and env.bool("SECURE_COOKIES", default=True)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp), on every response (SECURITY.md). Nothing inline: every
# script and style is a file under /static/; pages that truly need more widen it per view
# (the API documentation pages, api/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        **({"upgrade-insecure-requests": True} if not DEBUG and env.bool("SECURE_SSL_REDIRECT", default=True) else {}),
    },
}
# Browser features the site never uses are switched off (catalogue.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
    )
}
# Only editors have sessions: they expire after SESSION_IDLE_HOURS without a request, and when
# the browser closes.
SESSION_COOKIE_AGE = int(env.float("SESSION_IDLE_HOURS", default=2) * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A shared cache (CACHE_URL: Redis) also holds sessions, written through to the database so that a
# cache flush logs nobody out; every gunicorn instance sees the same ones (docs/deployment.md).
if env.str("CACHE_URL", default=""):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The admin (and its login form) answers only over HTTPS, whatever SECURE_SSL_REDIRECT says
# (catalogue.middleware.AdminHttpsOnlyMiddleware). `make run` turns it off for loopback HTTP.
ADMIN_HTTPS_ONLY = env.bool("ADMIN_HTTPS_ONLY", default=not DEBUG)

# Login protection (django-axes, accounts/login_protection.py, SECURITY.md « Connexion et accès
# (round 2) »). AXES_FAILURE_LIMIT failures lock the (username, address) pair for AXES_COOLOFF_TIME
# hours: nobody can lock an editor out from another address. Guessing spread over many addresses
# is caught per username: after AXES_USERNAME_FAILURE_LIMIT recent failures from anywhere, the
# account opens only from an address it already logged in from, until the attempts expire or a
# moderator clears them in the admin (« Tentatives d'accès »; or `manage.py axes_reset_username NAME`).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_USERNAME_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind the proxy: X-Forwarded-For is read only when the request comes from
# one of these (nginx appends the address it saw: deploy/nginx.conf).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
AXES_CLIENT_IP_CALLABLE = "accounts.login_protection.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "backoffice.invitation.locked_out"
AXES_VERBOSE = False

# History of editors' changes (django-simple-history): viewing only, no revert from the admin.
SIMPLE_HISTORY_REVERT_DISABLED = True
# dumpdata/loaddata (backups, scripts/backup.sh) keep datetimes to the microsecond.
SERIALIZATION_MODULES = {"json": "catalogue.serializers"}

# One-time links printed by `manage.py create_editor` are valid this many days.
EDITOR_INVITATION_DAYS = env.int("EDITOR_INVITATION_DAYS", default=3)
# The same lifetime for password-reset tokens (Django's mechanism, which the links reuse).
PASSWORD_RESET_TIMEOUT = EDITOR_INVITATION_DAYS * 24 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API du catalogue Habitat participatif & logement social",
    "DESCRIPTION": "Lecture seule. Données sous Licence Ouverte 2.0 (Etalab).",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
}
