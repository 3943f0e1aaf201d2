"""Settings shared by every environment; each value that differs comes from the environment.

Split as cookiecutter-django does: ``local`` (quick start), ``test`` and ``production`` import
everything from here and change only what they must.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A `.env` file beside manage.py is read when present; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
# Earlier keys, still accepted (sessions, tracking codes, receipts, sealed ballots) after a rotation.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Database ---------------------------------------------------------------------------------
# PostgreSQL is the database of record; a SQLite file is the embedded quick-start default.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if "postgresql" in DATABASES["default"].get("ENGINE", ""):
    # No JIT compilation: the portal's grouped queries take tenths of a second, and PostgreSQL's
    # JIT, which starts on their estimated cost, spent 1.3 s compiling a month's count that ran in
    # 2.3 s (Quzhou scale). Set per connection, so it needs no access to the server's settings.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite (the quick start) ignores the extra column of covering indexes; PostgreSQL uses it.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Applications -----------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the form widgets' templates, overridable from templates/ (FORM_RENDERER)
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "django_celery_beat",
    "axes",
    "simple_history",
]
# Order matters for the admin: an app lower in the one-way import chain registers first, so a
# later app (liaison) can extend what an earlier one (deputies) registered.
LOCAL_APPS = [
    "common",
    "accounts",
    "notifications",
    "deputies",
    "supervision",
    "liaison",
    "livelihood",
    # The top floor reads every app; nothing imports it.
    "dashboard",
    "monthly_statistics",
    "demo",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Malformed or oversized requests are refused before anything reads them.
    "common.middleware.reject_nul_bytes",
    "common.middleware.RequestBodyLimitMiddleware",
    # An anonymous visitor's public page already kept is served here, before the rest (common/caching.py).
    "common.caching.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.FirstPasswordMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.middleware.admin_inline_styles",
    # Who made a change, for the audit history of votes, cards, items and the registry.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# --- Login throttling (django-axes) ------------------------------------------------------------
# Five wrong passwords for one account from one address lock that pair out for 30 minutes; staff
# can lift a lockout in the admin (访问尝试) or with `manage.py axes_reset_username <name>`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=30)  # the lockout page says "half an hour"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# --- Content-Security-Policy (django-csp) ------------------------------------------------------
# Everything is served from the portal itself (vendored assets, no CDN), and no page has an inline
# script or style attribute, so the policy allows nothing else. Charts are drawn by static JS with
# their data in json_script blocks (type application/json, which CSP does not execute).
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
    }
}

ROOT_URLCONF = "congress_portal.urls"
WSGI_APPLICATION = "congress_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Widgets render with the site's templates, so templates/django/forms/ overrides them (the empty
# choice reads 请选择…, not "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# 等保 (GB/T 22239) asks for passwords of some length mixing character classes, unlike the username.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.CharacterClassesValidator"},
    {"NAME": "accounts.passwords.NotUsernameValidator"},
]

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads (archive images, reply attachments) are capped at 20 MB by the forms; this keeps a
# request body from filling memory before that check runs.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A whole request body, files included, is refused above this from its Content-Length, before it
# is read (common.middleware.RequestBodyLimitMiddleware); forms without files set a smaller limit.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=50 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Cache and Celery -------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Redis, with a per-process fallback while it is down (see common.cache).
    CACHES = {"default": {"BACKEND": "common.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without Redis there is no worker to send work to: tasks run in the web process, in line.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Schedules live in the database (django-celery-beat) so staff change them in the admin; run ONE beat.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Longer than any task may run, so Redis does not hand an unacknowledged task to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=6 * 3600)}

# --- E-mail -----------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.gov.cn:587; the console by default.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
# A Chinese font file (OpenType or TrueType) to set PDFs in, before Debian's Noto CJK (common/pdf.py).
PDF_FONT_FILE = env("PDF_FONT_FILE", default="")

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="人大工委门户 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[人大工委] "

# --- Text messages and 企业微信 ------------------------------------------------------------------
# Each channel's backend, like EMAIL_BACKEND: the console prints what would be sent. Real ones:
# notifications.backends.aliyun.AliyunSmsBackend (SMS), notifications.backends.wecom.WecomRobotBackend
# (a group robot @-mentioning the person's mobile) or .WecomAppBackend (app messages to one person).
NOTIFICATION_BACKENDS = {
    "email": "notifications.backends.email.EmailBackend",
    "sms": env("SMS_BACKEND", default="notifications.backends.console.ConsoleBackend"),
    "wecom": env("WECOM_BACKEND", default="notifications.backends.console.WecomConsoleBackend"),
}
# The first pause before sending a failed message again; each next pause is four times longer.
NOTIFICATION_RETRY_SECONDS = env.int("NOTIFICATION_RETRY_SECONDS", default=60)
ALIYUN_SMS = {
    "endpoint": env("ALIYUN_SMS_ENDPOINT", default="https://dysmsapi.aliyuncs.com/"),
    "access_key_id": env("ALIYUN_SMS_ACCESS_KEY_ID", default=""),
    "access_key_secret": env("ALIYUN_SMS_ACCESS_KEY_SECRET", default=""),
    "sign_name": env("ALIYUN_SMS_SIGN_NAME", default=""),
    "template_code": env("ALIYUN_SMS_TEMPLATE_CODE", default=""),
}
WECOM = {
    "robot_url": env("WECOM_ROBOT_URL", default=""),  # https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
    "api": env("WECOM_API", default="https://qyapi.weixin.qq.com"),
    "corp_id": env("WECOM_CORP_ID", default=""),
    "secret": env("WECOM_SECRET", default=""),
    "agent_id": env("WECOM_AGENT_ID", default="0"),
}

# The audit history is read, never restored from (common.admin.HistoryAdmin refuses it too).
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Front end --------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-import-export: one transaction per import, so a file with a bad row imports nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Between the preview and the confirm step the uploaded file waits in the media storage (shared by
# every web process and machine, like the uploads), not in the cache: the import works with Redis down.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"

PORTAL_NAME = env("PORTAL_NAME", default="")
# The login name the roster import gives a new deputy: "phone" (their mobile) or "id" (rd00012).
ROSTER_LOGIN_NAME = env("ROSTER_LOGIN_NAME", default="phone")
# The portal's address, for links in e-mails, e.g. https://rd.example.gov.cn
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# Whole public pages kept for anonymous visitors (common/caching.py). Off only to measure the pages
# rendered every time (bench/http_load.py --uncached).
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's own console handler, which would print every django.* line twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs each step of every PDF at INFO; its warnings (a refused fetch) still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Workflow -----------------------------------------------------------------------------------
# Days a department gets for a second handling after the lead deputy rates a reply unsatisfied.
SUPERVISION_REHANDLING_DAYS = env.int("SUPERVISION_REHANDLING_DAYS", default=30)
# Ballots are sealed with this key until the vote closes (livelihood.sealing); empty: from SECRET_KEY.
BALLOT_SEAL_KEY = env("BALLOT_SEAL_KEY", default="")
BALLOT_SEAL_KEY_FALLBACKS = env.list("BALLOT_SEAL_KEY_FALLBACKS", default=[])
# Days before the monthly report's due day (the 30th, February's last) that claimers get a first reminder.
REPORT_FIRST_REMINDER_DAYS = env.int("REPORT_FIRST_REMINDER_DAYS", default=5)

# --- Rate limits (django-ratelimit) -------------------------------------------------------------
# Behind a reverse proxy, name the header that carries the client's address, e.g.
# HTTP_X_FORWARDED_FOR; the default is the direct peer. The counters live in the cache (Redis).
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", default=None)
# A login's searches of people in the pickers (co-signers, attendees …) per hour.
PICKER_SEARCHES_PER_HOUR = env("PICKER_SEARCHES_PER_HOUR", default="600/h")
# The login throttling reads the client's address the same way: a header only when the proxy is
# said to set it (otherwise anyone could name a new address with each guess).
AXES_IPWARE_META_PRECEDENCE_ORDER = [RATELIMIT_IP_META_KEY, "REMOTE_ADDR"] if RATELIMIT_IP_META_KEY else ["REMOTE_ADDR"]
