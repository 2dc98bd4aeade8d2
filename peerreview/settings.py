"""Settings, read from environment variables with development defaults.

Every variable is listed in README.md. With DJANGO_DEBUG=0 the production
values (secret key, allowed hosts, HTTPS) are required or enforced.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off"}


def env_bool(name, default):
    """A yes/no variable. Empty or unset is the default; a value not recognised stops start-up, so a
    typo (TWO_FACTOR_MANDATORY=ture) can't quietly mean "no"."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() in TRUE_VALUES:
        return True
    if value.lower() in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off (any case), or empty for the default; "
        f"not {value!r}."
    )


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default, minimum):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {minimum}, not {value!r}.")
    return int(value)


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG=0.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Absolute address of the site, for links in emails sent by Celery workers. Unset, it is the
# development server's address on PORT (`make run PORT=8123` sets both).
SITE_URL = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}").rstrip("/")

# Our own apps, in the order of their layers (each imports only from those before it).
PROJECT_APPS = ["peerreview", "reviews", "teams", "casework"]
INSTALLED_APPS = [
    *PROJECT_APPS,
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "peerreview.middleware.TwoFactorMiddleware",
    "peerreview.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "peerreview.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peerreview.urls"
WSGI_APPLICATION = "peerreview.wsgi.application"

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

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "peerreview.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "peerreview.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "sign-in"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

# Repeated failed sign-ins for one account from one address are locked out for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Django's sign-in form calls the email field "username".
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address as our proxies saw it (see BEHIND_PROXY), so a lockout is for that account from
# that client only, not for everyone who shares the proxy.
AXES_CLIENT_IP_CALLABLE = "peerreview.ratelimit.client_address"
# Failures are counted in the database, not the cache: shared by every web process, and Redis
# being down does not stop sign-in.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Two-step sign-in with an authenticator app. When mandatory, everyone on a review (who can
# read notes or documents) is walked through setting it up at their next sign-in.
TWO_FACTOR_MANDATORY = env_bool("TWO_FACTOR_MANDATORY", False)
OTP_TOTP_ISSUER = "Safeguarding peer reviews"

INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "7"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploads are private: never under STATIC_ROOT and never served by URL; views stream them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))


def object_storage():
    """The S3-compatible object store for stored files, from STORAGE_URL or the AWS_* variables, or None
    for the local MEDIA_ROOT folder. Processes on several machines must all name the same store."""
    url = os.environ.get("STORAGE_URL", "").strip()
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    options = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME", "").strip() or None,
        "location": os.environ.get("AWS_LOCATION", "").strip().strip("/"),
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "").strip() or None,
    }
    if url:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.hostname:
            raise ImproperlyConfigured(
                f"STORAGE_URL must look like s3://BUCKET[/PREFIX][?endpoint_url=...], not {url!r}."
            )
        bucket, options["location"] = parts.hostname, parts.path.strip("/")
        query = parse_qs(parts.query, keep_blank_values=False, strict_parsing=bool(parts.query))
        unknown = set(query) - {"endpoint_url", "region", "addressing_style"}
        if unknown:
            raise ImproperlyConfigured(
                f"STORAGE_URL: unknown option {sorted(unknown)[0]!r} (endpoint_url, region, addressing_style)."
            )
        for key, name in [
            ("endpoint_url", "endpoint_url"),
            ("region", "region_name"),
            ("addressing_style", "addressing_style"),
        ]:
            if key in query:
                options[name] = query[key][-1]
    if not bucket:
        return None
    if options["addressing_style"] not in (None, "path", "virtual", "auto"):
        raise ImproperlyConfigured("The S3 addressing style must be path, virtual or auto.")
    # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or boto3's own chain (an instance role).
    return {
        "BACKEND": "peerreview.storage.PrivateS3Storage",
        "OPTIONS": {"bucket_name": bucket, **options},
    }


STORAGES = {
    "default": object_storage() or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # Not the manifest variant: GOV.UK's CSS names crown images we deliberately do not ship.
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
# Sass sources and their compiled output both live in static/; only the output is served.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["map", "scss"]

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# The cache holds rate-limit counters: shared through Redis when there is one. Short timeouts, because
# while Redis is down the limits fall back to process memory and a request must not hang first.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
RATE_LIMIT_PER_MINUTE = int(os.environ.get("RATE_LIMIT_PER_MINUTE", "10"))

# Email: the console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Peer reviews <no-reply@peer-reviews.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Celery: a real broker when one is configured, otherwise tasks run in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# What users see of a job lives in our own models, so results are not kept; the broker
# doubles as a result backend only for a caller that asks to wait (ignore_result=False).
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None if CELERY_TASK_ALWAYS_EAGER else CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # In-process tasks still pass through a producer; an in-memory one keeps kombu from looking for a server.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged only once done, so a worker killed mid-task hands it to another.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Scheduled work, every entry of it (one beat process runs it; the settings it uses are further down).
CELERY_BEAT_SCHEDULE = {
    # Jobs with a status row whose message was lost or whose worker died (JOB_STALE_MINUTES).
    "requeue-stale-jobs": {
        "task": "peerreview.tasks.requeue_stale_jobs",
        "schedule": 60,
        "options": {"expires": 55},  # a sweep the workers could not take in time is dropped, not piled up
    },
    # The one reminder for an unanswered team invitation (TEAM_INVITATION_REMINDER_DAYS).
    "remind-unanswered-team-invitations": {
        "task": "teams.tasks.send_invitation_reminders",
        "schedule": 60 * 60 * 6,
    },
    # Follow-up check-ins falling due (FOLLOWUP_CHECKIN_MONTHS).
    "follow-up-reminders": {"task": "casework.tasks.send_followup_reminders", "schedule": 60 * 60 * 24},
    # Document requests falling due, and overdue (DOCUMENT_REQUEST_REMINDER_DAYS).
    "document-request-reminders": {
        "task": "reviews.tasks.send_document_request_reminders",
        "schedule": 60 * 60 * 24,
    },
    # Deleting notes and unkept documents of reviews closed RETENTION_MONTHS ago.
    "apply-retention": {"task": "casework.tasks.apply_retention", "schedule": 60 * 60 * 24},
}

# HTTPS and cookies. Production (DEBUG off) is secure by default.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only our own files run: no inline scripts or styles, no other origins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        # The offline web app's service worker (/sw.js) and manifest, both from our own origin.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
# A session ends after this long without a request, and when the password changes.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Behind our own TLS-terminating proxies: trust their X-Forwarded-Proto, and take the client's address
# from X-Forwarded-For, PROXY_HOPS entries from the right (peerreview.ratelimit.client_address).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
PROXY_HOPS = env_int("DJANGO_PROXY_HOPS", 1, minimum=1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

# Our own apps log at LOG_LEVEL (every app: a new one goes in PROJECT_APPS); everything else from WARNING.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {app: {"level": LOG_LEVEL} for app in PROJECT_APPS},
}

# Team assembly.
TEAM_TRAINING_MAX_AGE_MONTHS = int(os.environ.get("TEAM_TRAINING_MAX_AGE_MONTHS", "24"))
TEAM_MAX_REVIEWS_PER_YEAR = int(os.environ.get("TEAM_MAX_REVIEWS_PER_YEAR", "3"))
TEAM_INVITATION_REMINDER_DAYS = int(os.environ.get("TEAM_INVITATION_REMINDER_DAYS", "3"))
# Conflicts of interest: working for or with a council, or its staff reviewing the peer's own, within this many years.
TEAM_CONFLICT_YEARS = int(os.environ.get("TEAM_CONFLICT_YEARS", "5"))
# The season planner: the solver's time limit, and how many feasible peers it weighs for each place.
TEAM_PLAN_SECONDS = float(os.environ.get("TEAM_PLAN_SECONDS", "10"))
TEAM_PLAN_CANDIDATES = int(os.environ.get("TEAM_PLAN_CANDIDATES", "40"))

# Set only by `make bench` for its own gunicorn: mounts the floor view it measures (casework/bench/floor.py).
BENCH_FLOOR = env_bool("BENCH_FLOOR", False)

# Uploads to a review's document library.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "25")) * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Follow-up: check-ins this many months after the letter (the daily reminder job is in CELERY_BEAT_SCHEDULE).
FOLLOWUP_CHECKIN_MONTHS = [int(m) for m in env_list("FOLLOWUP_CHECKIN_MONTHS", "3,6,12")]

# Document requests: the owner is reminded this many days before one is due, and once it is overdue.
DOCUMENT_REQUEST_REMINDER_DAYS = int(os.environ.get("DOCUMENT_REQUEST_REMINDER_DAYS", "3"))

# Retention: notes and evidence links (and library documents the council did not ask to keep)
# are deleted this many months after a review closes. Findings, the letter and actions stay.
RETENTION_MONTHS = int(os.environ.get("RETENTION_MONTHS", "12"))

# The feedback letter's house limit: a longer paragraph is a warning in the letter's checks.
LETTER_PARAGRAPH_WORD_LIMIT = int(os.environ.get("LETTER_PARAGRAPH_WORD_LIMIT", "150"))

# Jobs with a status row of their own (letter PDFs, pool imports): one waiting or working with no
# sign of life for this many minutes (its message lost, its worker killed) is sent again by the
# sweeper, which runs every minute; after this many sendings it fails with a plain message.
JOB_STALE_MINUTES = float(os.environ.get("JOB_STALE_MINUTES", "5"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))

# Hearing from children, young people and families (issue 23): who to talk to for help now, offered as the
# starting text of each form's help line; the manager puts the council's own contact line in front of it.
FAMILY_FEEDBACK_HELP_CONTACT = os.environ.get(
    "FAMILY_FEEDBACK_HELP_CONTACT",
    "If you are worried about your safety or someone else's, talk to an adult you trust, "
    "call Childline free on 0800 1111, or call 999 in an emergency.",
)
# Progress reviews (issue 23): the on-site visit is short.
PROGRESS_REVIEW_MAX_DAYS = 2
