"""Settings shared by every environment, read from environment variables."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from messaging import beat as messaging_beat

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "accounts",
    "network",
    "budgets",
    "listings",
    "reporting",
    "forum",
    "messaging",
    "security",
    "outbox",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "security.middleware.SecurityHeadersMiddleware",
    "budgets.middleware.ClickRouterMiddleware",
    "security.middleware.RequestSourceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "franchise_platform.urls"
WSGI_APPLICATION = "franchise_platform.wsgi.application"

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
                "network.context_processors.navigation",
                "messaging.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: the web process and the background worker write to one SQLite file.
    # WAL lets readers go on while one connection writes; IMMEDIATE transactions take the write
    # lock when they begin, so a second writer waits its turn (busy timeout, in seconds) instead
    # of failing at once with "database is locked" when its read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "security.backends.LoginThrottleBackend",  # django-axes: first, so a locked-out user goes no further
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are always served by franchise_platform.uploads.serve (headers, access); with this set
# (e.g. "/protected-media/") the proxy sends the bytes from that internal location.
MEDIA_ACCEL_PREFIX = os.environ.get("DJANGO_MEDIA_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@franchise-platform.local")
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000")

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: no broker configured means tasks run eagerly in-process (tests, scripts, a bare
# runserver). `make run` without a broker sets CELERY_BROKER_URL=filesystem://, the embedded
# broker (franchise_platform/embedded.py): message files under DJANGO_BROKER_DIR, consumed by the
# worker `make run` starts beside the web server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
EMBEDDED_BROKER_DIR = Path(os.environ.get("DJANGO_BROKER_DIR") or BASE_DIR / "var" / "broker")
if CELERY_BROKER_URL.startswith("filesystem://"):
    from franchise_platform.embedded import transport_options

    CELERY_BROKER_TRANSPORT_OPTIONS = transport_options(EMBEDDED_BROKER_DIR)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE.update(messaging_beat.SCHEDULE)
from budgets.schedule import BEAT_SCHEDULE as BUDGETS_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE.update(BUDGETS_BEAT_SCHEDULE)
from reporting.schedule import BEAT_SCHEDULE as REPORTING_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE.update(REPORTING_BEAT_SCHEDULE)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "franchise_platform.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "franchise_platform.api.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Franchise platform API",
    "DESCRIPTION": "Organisation, pooled budgets, listings and reports of a franchise network.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "NodeLevelEnum": "network.models.Level",
        "LanguageEnum": "franchise_platform.settings.base.LANGUAGES",
        "LeadStatusEnum": "budgets.models.LeadStatus",
        "PledgeStatusEnum": "budgets.models.PledgeStatus",
        "RoundStatusEnum": "budgets.models.RoundStatus",
        "TerritoryKindEnum": "budgets.models.TerritoryKind",
        "AccountKindEnum": "budgets.models.AccountKind",
        "TransactionKindEnum": "budgets.models.TransactionKind",
        "RevisionKindEnum": "listings.models.RevisionKind",
        "NotificationKindEnum": "messaging.models.Notification.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

INVITATION_TTL_DAYS = 14

# Security (issue 7) ------------------------------------------------------------------------
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(12 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# The public store locator's map: a tile server (its origin is allowed as an image source).
MAP_TILE_URL = os.environ.get("DJANGO_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "DJANGO_MAP_TILE_ATTRIBUTION", '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
_tiles = urlsplit(MAP_TILE_URL)
if _tiles.scheme in ("http", "https") and _tiles.netloc:
    CONTENT_SECURITY_POLICY["img-src"] += f" {_tiles.scheme}://{_tiles.netloc}"
CONTENT_SECURITY_POLICY_INLINE_STYLE_PATHS = ["/api/docs/"]
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
# Proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Login throttling (django-axes): failures are counted per username in the database, shared by
# every web process; a success resets the count. Addresses are stored anonymised (/24, /48).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "security.addresses.anonymised_client_ip"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Lockout is per username, as specified: adding the (anonymised, /24) address would lock out a
# whole franchise office behind one NAT after a few colleagues' typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Outbox: tasks written with the data, sent on commit, re-sent by the sweep after a crash.
OUTBOX_SWEEP_AFTER_SECONDS = int(os.environ.get("DJANGO_OUTBOX_SWEEP_AFTER_SECONDS", "60"))
OUTBOX_KEEP_DISPATCHED_DAYS = 7
CELERY_BEAT_SCHEDULE["outbox.sweep"] = {"task": "outbox.sweep", "schedule": 60.0}

# Privacy (RGPD, Quebec Law 25): how long personal data of leads and click identifiers are kept.
PRIVACY_LEAD_RETENTION_DAYS = int(os.environ.get("DJANGO_PRIVACY_LEAD_RETENTION_DAYS", str(3 * 365)))
PRIVACY_CLICK_RETENTION_DAYS = int(os.environ.get("DJANGO_PRIVACY_CLICK_RETENTION_DAYS", "90"))
CELERY_BEAT_SCHEDULE["privacy.enforce_retention"] = {"task": "privacy.enforce_retention", "schedule": 24 * 3600.0}
ADPLATFORM_URL = (
    os.environ.get("ADPLATFORM_URL") or os.environ.get("DIRECTORY_SIMULATOR_URL", "http://127.0.0.1:8765") + "/ads"
)
# The ad platforms' APIs (click records, budgets/adplatform/clickrecords.py). Until the ad-platform
# connections (OAuth per brand) exist, one set of credentials comes from here and ADPLATFORM_URL
# stands for each platform's API host; the defaults only suit the simulator.
ADPLATFORM_GOOGLE_API_VERSION = os.environ.get("ADPLATFORM_GOOGLE_API_VERSION", "v21")
ADPLATFORM_GOOGLE_CUSTOMER_ID = os.environ.get("ADPLATFORM_GOOGLE_CUSTOMER_ID", "1234567890")
ADPLATFORM_GOOGLE_DEVELOPER_TOKEN = os.environ.get("ADPLATFORM_GOOGLE_DEVELOPER_TOKEN", "simulator")
ADPLATFORM_MICROSOFT_CUSTOMER_ID = os.environ.get("ADPLATFORM_MICROSOFT_CUSTOMER_ID", "251000001")
ADPLATFORM_MICROSOFT_ACCOUNT_ID = os.environ.get("ADPLATFORM_MICROSOFT_ACCOUNT_ID", "180000001")
ADPLATFORM_MICROSOFT_DEVELOPER_TOKEN = os.environ.get("ADPLATFORM_MICROSOFT_DEVELOPER_TOKEN", "simulator")
ADPLATFORM_ACCESS_TOKEN = os.environ.get("ADPLATFORM_ACCESS_TOKEN", "simulator")
ADPLATFORM_REPORT_POLL_SECONDS = float(os.environ.get("ADPLATFORM_REPORT_POLL_SECONDS", "2"))
# Clicks written behind the redirect, in batches every N ms (0: one INSERT per click before answering).
BUDGETS_CLICK_WRITE_BEHIND_MS = int(os.environ.get("BUDGETS_CLICK_WRITE_BEHIND_MS", "0"))
# Clicks answered while the database is unreachable wait here, on the web machine's own disk,
# and are written as soon as it answers again (budgets/clickspool.py).
BUDGETS_CLICK_SPOOL_DIR = os.environ.get("BUDGETS_CLICK_SPOOL_DIR", str(BASE_DIR / "var" / "click-spool"))
# Listings sync engine: attempts per directory request, backoff bounds (seconds).
LISTINGS_SYNC_ATTEMPTS = int(os.environ.get("LISTINGS_SYNC_ATTEMPTS", "10"))
LISTINGS_SYNC_BASE_DELAY = float(os.environ.get("LISTINGS_SYNC_BASE_DELAY", "0.1"))
LISTINGS_SYNC_MAX_DELAY = float(os.environ.get("LISTINGS_SYNC_MAX_DELAY", "5"))
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        f"{name}Enum": f"listings.models.{name}"
        for name in ("SuggestionStatus", "BatchStatus", "ItemStatus", "JobStatus", "DriftStatus", "SyncStatus")
    }
)
from listings.beat import BEAT_SCHEDULE as LISTINGS_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE.update(LISTINGS_BEAT_SCHEDULE)
# Directories (issue 4): the simulator's address, requests-per-minute quotas per directory, and
# the Celery module of the directory tasks (not an app's tasks.py, so named here).
DIRECTORY_SIMULATOR_URL = os.environ.get("DIRECTORY_SIMULATOR_URL", "http://127.0.0.1:8765")
# The Business Profile account that holds the brand's locations (`accounts/{account}`; issue 12
# makes it per brand) and the Graph API version the Facebook connector speaks.
DIRECTORY_GOOGLE_ACCOUNT = os.environ.get("DIRECTORY_GOOGLE_ACCOUNT", "accounts/1000")
DIRECTORY_FACEBOOK_API_VERSION = os.environ.get("DIRECTORY_FACEBOOK_API_VERSION", "v21.0")
DIRECTORY_QUOTAS = {
    "google": int(os.environ.get("DIRECTORY_QUOTA_GOOGLE", "300")),
    "facebook": int(os.environ.get("DIRECTORY_QUOTA_FACEBOOK", "200")),
    "pagesjaunes": int(os.environ.get("DIRECTORY_QUOTA_PAGESJAUNES", "120")),
}
CELERY_IMPORTS = ["listings.directories.tasks"]
from listings.directories.schedule import BEAT_SCHEDULE as DIRECTORY_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE.update(DIRECTORY_BEAT_SCHEDULE)
LOCALE_PATHS += [BASE_DIR / "listings" / "directories" / "locale"]
