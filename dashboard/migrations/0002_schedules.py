"""The portal's schedules for Celery beat, in one place and in the database, so staff can change
them in the admin (django-celery-beat, 周期任务). Every task is idempotent: one reminder per person
and period, one report per month."""

from django.db import migrations

DAILY = {"minute": "0", "hour": "8"}  # 08:00 Beijing time
HOURLY = {"minute": "15", "hour": "*"}
SCHEDULES = [
    ("站点每日提醒 station reminders", "liaison.tasks.liaison_daily", DAILY),
    ("民生实事月报提醒 project report reminders", "livelihood.tasks.livelihood_daily", DAILY),
    ("办理期限提醒 deadline reminders", "supervision.tasks.supervision_daily", DAILY),
    ("月度统计报告 monthly statistics", "monthly_statistics.tasks.statistics_daily", DAILY),
    ("补发提醒邮件 e-mail sweep", "notifications.tasks.notification_emails_sweep", HOURLY),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, when in SCHEDULES:
        crontab, _created = CrontabSchedule.objects.get_or_create(
            day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai", **when
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_role_permissions"), ("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
