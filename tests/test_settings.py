"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "SECRET_KEY": "x" * 64 + "-production-test-key-that-is-long-and-random-enough",
    "ALLOWED_HOSTS": "portal.example.gov.cn",
    "DATABASE_URL": "sqlite:///:memory:",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_django(code: str, settings_module: str, **env) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with only the given environment for the portal."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_chinese_is_the_default_language_and_time_zone_is_shanghai():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_quick_start_defaults_to_sqlite_and_eager_celery():
    result = run_django(
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER)",
        "congress_portal.settings.local",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]
    assert "run eagerly" in result.stderr


def test_database_url_and_redis_url_are_read_from_the_environment():
    result = run_django(
        "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], settings.CELERY_BROKER_URL, "
        "settings.CELERY_TASK_ALWAYS_EAGER, settings.CACHES['default']['BACKEND'])",
        "congress_portal.settings.local",
        DATABASE_URL="postgres://someone@db.internal:5433/portal",
        REDIS_URL="redis://cache.internal:6379/2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "portal",
        "db.internal",
        "redis://cache.internal:6379/2",
        "False",
        "common.cache.ResilientRedisCache",
    ]


def test_email_settings_come_from_email_url():
    result = run_django(
        "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS)",
        "congress_portal.settings.local",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.gov.cn:587",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.gov.cn",
        "587",
        "True",
    ]


def test_production_refuses_to_start_without_secret_key():
    env = {**PROD_ENV, "SECRET_KEY": ""}
    result = run_django("print('started')", "congress_portal.settings.production", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_redis():
    env = {**PROD_ENV, "REDIS_URL": ""}
    result = run_django("print('started')", "congress_portal.settings.production", **env)
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_production_settings_pass_check_deploy():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(PROD_ENV, DJANGO_SETTINGS_MODULE="congress_portal.settings.production")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("module", ["congress_portal.wsgi", "congress_portal.asgi"])
def test_server_entry_points_load_with_production_settings(module):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(PROD_ENV)
    result = subprocess.run(
        [sys.executable, "-c", f"import {module} as m; print(type(m.application).__name__)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Handler" in result.stdout
