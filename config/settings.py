"""Settings for the portal, read from the environment only (see docs/deploy.md).

Safe when a variable is absent: DEBUG is off, the database is SQLite in the project
folder and the cache is local memory, and with DEBUG off the HTTPS protections are on
unless HTTPS=0. Production sets SECRET_KEY and ALLOWED_HOSTS (required), DATABASE_URL and
REDIS_URL. A malformed value stops start-up with a message that names the variable.
"""

import datetime
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.ops.env import env_bool, env_database, env_int, env_list, env_redis_url, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105 - DEBUG only
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure")
    or SECRET_KEY == _DEV_SECRET_KEY
):
    raise ImproperlyConfigured("SECRET_KEY is too weak for production: use at least 50 random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "reversion",
    "taggit",
    "markdownx",
    "portal",
    "images",
    "medications",
    "conditions",
    "articles",
    "glossary",
    "api",
    "feedback",
    "demo",
]

MIDDLEWARE = [
    # First, so a stored page carries every header the middleware below adds (security, CSP).
    "portal.caching.middleware.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.ops.security.RejectNullBytesMiddleware",
    # Public pages in English, the admin in the staff member's browser language (config/languages.py).
    "config.languages.StaffLanguageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.ops.security.AdminCSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
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
                "portal.pages.context_processors.site",
            ],
        },
    },
]

# Widgets render with the project's templates too, so templates/ can override one
# (markdownx's editor, to give its live preview a heading).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "config.wsgi.application"

# Persistent connections, checked before reuse, so app servers ride out a database
# restart without an operator.
DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}

REDIS_URL = env_redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.caching.backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages are cached for this long when a shared cache (Redis) is set.
# Saves invalidate at once; a scheduled item appears within this bound.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 if REDIS_URL else 0)
# Each process also keeps the pages it served lately in memory (at most PAGE_CACHE_LOCAL_BYTES)
# and answers them without asking Redis for this long after it last read the content
# generation there: the bound on a page outliving a change made on another server. 0: off.
PAGE_CACHE_LOCAL_MS = env_int("PAGE_CACHE_LOCAL_MS", 100)
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)
# The main part of each public page is rendered once per content generation and kept in each
# worker's memory (portal/caching/render_once.py): at most this long (the bound on a scheduled item
# appearing in a list) and at most this many bytes. RENDERED_ONCE_SECONDS=0 renders every time.
RENDERED_ONCE_SECONDS = env_int("RENDERED_ONCE_SECONDS", 60)
RENDERED_ONCE_BYTES = env_int("RENDERED_ONCE_BYTES", 16 * 1024 * 1024)
# At most this many query-string variants of one address are stored per content generation.
PAGE_CACHE_VARIANTS_PER_PATH = env_int("PAGE_CACHE_VARIANTS_PER_PATH", 100, minimum=1)
# A page a change made every server forget is rendered once: other requests for it wait at
# most this long for that render (portal/caching/store.py: wait_for_page), then render it too.
PAGE_CACHE_RENDER_WAIT_MS = env_int("PAGE_CACHE_RENDER_WAIT_MS", 2000)
# While that one render runs, the other requests are answered the page the change replaced,
# for at most this long after the change (then they wait): the bound on a page outliving a
# change to what it shows, on top of PAGE_CACHE_LOCAL_MS. 0: they always wait.
PAGE_CACHE_GRACE_MS = env_int("PAGE_CACHE_GRACE_MS", 1000)
# What anonymous public pages tell a shared cache in front (a CDN, nginx, Varnish): it may keep
# a page this long, serve it this much longer while fetching a fresh one, and this long while
# the site answers errors. A publish or a withdrawal reaches every reader within
# SHARED_CACHE_SECONDS + SHARED_CACHE_STALE_SECONDS (docs/deploy.md). 0 sends no such header.
SHARED_CACHE_SECONDS = env_int("SHARED_CACHE_SECONDS", 60)
SHARED_CACHE_STALE_SECONDS = env_int("SHARED_CACHE_STALE_SECONDS", 30)
SHARED_CACHE_STALE_IF_ERROR_SECONDS = env_int("SHARED_CACHE_STALE_IF_ERROR_SECONDS", 300)
# A cache in front told which pages a change touched, by their surrogate keys
# (portal/caching/cdn.py, docs/deploy.md): "" (none), "varnish", "fastly" or "cloudflare".
CDN_PURGE = env_str("CDN_PURGE", "")
if CDN_PURGE not in {"", "varnish", "fastly", "cloudflare"}:
    raise ImproperlyConfigured(f"CDN_PURGE must be varnish, fastly or cloudflare (or empty); got {CDN_PURGE!r}.")
CDN_PURGE_URLS = env_str("CDN_PURGE_URLS", "").split()  # Varnish addresses, space-separated
CDN_PURGE_SERVICE = env_str("CDN_PURGE_SERVICE", "")  # Fastly's service ID
CDN_PURGE_ZONE = env_str("CDN_PURGE_ZONE", "")  # Cloudflare's zone ID
CDN_PURGE_TOKEN = env_str("CDN_PURGE_TOKEN", "")
CDN_PURGE_API = env_str("CDN_PURGE_API", "").rstrip("/")  # Fastly's or Cloudflare's API address, if not theirs
CDN_PURGE_TIMEOUT = env_int("CDN_PURGE_TIMEOUT", 5, minimum=1)
if CDN_PURGE == "varnish" and not CDN_PURGE_URLS:
    raise ImproperlyConfigured("CDN_PURGE=varnish needs CDN_PURGE_URLS (Varnish addresses, space-separated).")
if CDN_PURGE in {"fastly", "cloudflare"} and not (CDN_PURGE_TOKEN and (CDN_PURGE_SERVICE or CDN_PURGE_ZONE)):
    raise ImproperlyConfigured(f"CDN_PURGE={CDN_PURGE} needs CDN_PURGE_TOKEN and its service or zone ID.")

SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin log-in lock-out (django-axes). Failures are counted in the database, so every
# server and worker shares the count and a cache outage cannot reset it. After
# LOGIN_FAILURE_LIMIT failures for one username (from any address), or from one address
# (for any username), log-in is refused for LOGIN_LOCKOUT_SECONDS after the last failure.
# Unlock with `manage.py axes_reset_username <name>` or `axes_reset_ip <address>`.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900, minimum=1)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(seconds=LOGIN_LOCKOUT_SECONDS)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "portal.ops.security.login_username"
AXES_CLIENT_IP_CALLABLE = "portal.ops.security.client_address"
AXES_LOCKOUT_CALLABLE = "portal.ops.security.locked_out"
# Log every failed and locked-out log-in with its username and address (never the password).
AXES_VERBOSE = True
AXES_SENSITIVE_PARAMETERS = []
AXES_ENABLE_ADMIN = False  # the logs and `manage.py axes_list_attempts` show attempts

# E-mail (review notifications, portal/publishing/notifications.py). With EMAIL_HOST set,
# mail goes out by SMTP; without it, under DEBUG, it is printed on the console, and with
# DEBUG off it is not sent at all (the dummy backend), so nothing fails on a bare server.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")

# Every string a person reads goes through Django's translation machinery; locale/ holds the
# catalogues (README.md, "Languages"). Public pages are in LANGUAGE_CODE for every visitor:
# the page cache keeps one copy of each. The admin follows the staff member's browser
# (Accept-Language) among LANGUAGES: config/languages.py.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in words, "18 October 2025" or "18 de octubre de 2025": templates use |date:"DATE_FORMAT".
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded media (the image library and its renditions) goes through Django's storage API:
# files under MEDIA_ROOT by default, or with AWS_STORAGE_BUCKET_NAME set an S3-compatible
# object store that every app server shares (django-storages; docs/deploy.md, "Images").
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "location": env_str("AWS_LOCATION", "media"),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
        },
    }
else:
    _media_storage = {"BACKEND": env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads to the image library: at most this many bytes and pixels (images/processing.py).
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000, minimum=1)
WHITENOISE_MAX_AGE = 3600

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security. With DEBUG off the site is taken to be served over TLS (directly or behind a
# proxy): secure cookies, HSTS and a redirect to HTTPS, unless HTTPS=0 says otherwise, which
# logs a warning when the server starts (config/wsgi.py).
HTTPS = env_bool("HTTPS", default=not DEBUG)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the markdownx preview reads the token from the cookie

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL; got {LOG_LEVEL!r}.")
# One JSON object per line for every log record, gunicorn's included (gunicorn.conf.py):
# control characters are escaped, and a repeated error logs its traceback once a minute.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.ops.logs.JsonFormatter"}},
    "filters": {"one_traceback_per_interval": {"()": "portal.ops.logs.OneTracebackPerInterval"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["one_traceback_per_interval"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own records go to the JSON handler too, not to its plain development console.
        "django": {"handlers": [], "propagate": True},
        # django-axes announces itself at every start, which would end up in export_content's output.
        "axes.apps": {"level": "WARNING"},
    },
}

# Content: how long a medical review stays valid before the next one is due.
CONTENT_REVIEW_INTERVAL_MONTHS = env_int("CONTENT_REVIEW_INTERVAL_MONTHS", 36, minimum=1)
# Four eyes: whoever changed a page last may not approve it, unless a one-person team turns this on.
SIGN_OFF_SELF_APPROVAL = env_bool("SIGN_OFF_SELF_APPROVAL", default=False)

TAGGIT_CASE_INSENSITIVE = True

# Feedback on content pages (docs/deploy.md, "Feedback"). A report of a possible medical error
# is due an answer this many working days (Monday to Friday) after it is sent; overdue, it
# goes to every reviewer of the page's language.
FEEDBACK_RESPONSE_WORKING_DAYS = env_int("FEEDBACK_RESPONSE_WORKING_DAYS", 2, minimum=1)
# Free text is deleted this many days after it was sent (`manage.py feedback_retention`, daily).
FEEDBACK_RETENTION_DAYS = env_int("FEEDBACK_RETENTION_DAYS", 180, minimum=1)
# At most this many reports from one address, and from everyone together, per window, counted
# in the shared cache (Redis) so every server shares the count.
FEEDBACK_LIMIT_PER_ADDRESS = env_int("FEEDBACK_LIMIT_PER_ADDRESS", 10, minimum=1)
FEEDBACK_LIMIT_GLOBAL = env_int("FEEDBACK_LIMIT_GLOBAL", 600, minimum=1)
FEEDBACK_LIMIT_WINDOW_SECONDS = env_int("FEEDBACK_LIMIT_WINDOW_SECONDS", 3600, minimum=1)
# The same answer (page, version, reason, text) from the same address within this many
# seconds is counted on the first report instead of stored again.
FEEDBACK_REPEAT_SECONDS = env_int("FEEDBACK_REPEAT_SECONDS", 86400, minimum=0)

# The markdownx live preview renders through the portal's one Markdown path.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "portal.text.preview.render_preview"

# Plain language (docs/editing.md): the reading grade a page should not exceed, by content
# type's link scheme, or "<scheme>.<kind>" for an article kind. A page above its target is
# published only with the reviewer's recorded reason.
READABILITY_DEFAULT_TARGET_GRADE = 8
READABILITY_TARGET_GRADES = {
    "article": 8,  # patient guides and the other kinds not listed
    "article.drug_comparison": 9,
    "article.dosage_guide": 9,
    "article.news": 10,
    "condition": 9,
    "medication": 9,
    "term": 8,
}
# Other languages are measured with a formula made for them (portal/text/readability.py):
# Spanish with Szigriszt-Pazos on the INFLESZ scale, 0–100, where higher is easier and a page
# should reach at least its target. A language not listed is measured like the source
# language, with the grades above. The reasons for each target are in docs/editing.md.
READABILITY_MEASURES = {"es": "szigriszt_pazos"}
READABILITY_TARGETS = {
    "es": {
        "default": 55,  # INFLESZ "normal" (55–65) starts here: its authors' floor for patient texts
        "article": 55,  # patient guides, safety tips, self-care
        "article.drug_comparison": 50,  # drug names of five or six syllables weigh on every sentence
        "article.dosage_guide": 50,
        "article.news": 45,  # reports on research: "somewhat difficult" (40–55) allowed
        "condition": 50,  # reference pages with unavoidable medical names
        "medication": 50,
        "term": 55,  # glossary definitions
    },
}
