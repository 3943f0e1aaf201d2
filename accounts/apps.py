import logging
import os
import sys

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("congress_portal")


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        # runserver's file watcher is a second process that serves nothing; stay quiet there.
        watcher = sys.argv[1:2] == ["runserver"] and os.environ.get("RUN_MAIN") != "true"
        if settings.CELERY_TASK_ALWAYS_EAGER and not watcher:
            # Said once per process at start-up, so whoever runs the quick start knows why no
            # worker is needed, and whoever runs production notices it is missing.
            logger.info("REDIS_URL is not set: Celery tasks run eagerly in this process (quick-start mode).")
