"""The reminders the demo logins would have had lately, made by the real reminder code."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from common.dates import local_midnight
from liaison.models import (
    ShiftAssignment,
)
from liaison.reminders import remind_shifts
from livelihood.reminders import remind_reports
from livelihood.rules import report_due
from monthly_statistics.services import statistics_due
from notifications.events import Channel
from notifications.models import Delivery, Notification


def build_notifications() -> None:
    """The reminders the demo logins would have had lately, made by the real reminder code: the
    demo deputy's latest shift and this month's project report, and last month's statistics for staff."""
    today = timezone.localdate()
    deputy = get_user_model().objects.get(username="deputy").deputy
    with translation.override(settings.LANGUAGE_CODE):
        # The reminder of the deputy's latest shift, dated when beat would have sent it (the day before).
        last = ShiftAssignment.objects.filter(deputy=deputy, shift__date__lte=today).order_by("-shift__date").first()
        if last:
            eve = last.shift.date - timedelta(days=1)
            remind_shifts(eve)
            Notification.objects.filter(key__startswith=f"shift:{last.shift_id}:").update(
                created_at=local_midnight(eve) + timedelta(hours=8)
            )
        remind_reports(report_due(today.replace(day=1)) - timedelta(days=settings.REPORT_FIRST_REMINDER_DAYS))
        statistics_due(today)
        # What staff see when a provider refuses a text (the console backends never do).
        Delivery.objects.get_or_create(
            key="demo:refused-text",
            defaults={
                "channel": Channel.SMS,
                "address": "13705799999",
                "subject": "新交办事项：演示（号码已停机）",
                "text": "新交办事项：演示（号码已停机）",
                "state": Delivery.State.FAILED,
                "attempts": 1,
                "last_error": "isv.MOBILE_NUMBER_ILLEGAL: 非法手机号",
            },
        )
