"""Default schedules, in the database so staff can change them in the admin (django-celery-beat)."""

from django.db import migrations


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    hourly, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="每日提醒 daily reminders", defaults={"task": "congress_portal.tasks.daily_reminders", "crontab": daily}
    )
    PeriodicTask.objects.get_or_create(
        name="补发提醒邮件 e-mail sweep",
        defaults={"task": "congress_portal.notifications.tasks.notification_emails_sweep", "crontab": hourly},
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial"), ("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
