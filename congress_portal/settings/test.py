"""Test settings: fast hashing, in-memory mail, plain static storage."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="test-only-not-secret-8c2e5b1d")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# In memory, unless a test's Celery worker is pointed at a provider on loopback.
NOTIFICATION_BACKENDS = {
    "email": "notifications.backends.email.EmailBackend",
    "sms": env("SMS_BACKEND", default="notifications.backends.locmem.LocmemBackend"),
    "wecom": env("WECOM_BACKEND", default="notifications.backends.locmem.LocmemBackend"),
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # The admin import keeps the uploaded file between preview and confirm in a storage of its own
    # that each request opens anew; in-memory storage would not survive from one request to the next.
    "import_export": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": Path(tempfile.gettempdir()) / "congress-portal-test-imports"},
    },
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Serve static files through the finders: the suite never runs collectstatic.
WHITENOISE_AUTOREFRESH = True
