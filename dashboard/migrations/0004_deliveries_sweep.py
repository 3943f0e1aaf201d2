"""The e-mail sweep became the sweep of every channel (e-mail, text messages, 企业微信), every five
minutes: a provider's short outage delays a message by minutes, not an hour."""

from django.db import migrations

OLD = "notifications.tasks.notification_emails_sweep"
NEW = "notifications.tasks.deliveries_sweep"


def forward(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _created = CrontabSchedule.objects.get_or_create(
        minute="*/5", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.filter(task=OLD).delete()
    PeriodicTask.objects.get_or_create(name="补发消息 message sweep", defaults={"task": NEW, "crontab": every_five})


def backward(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=NEW).update(task=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0003_new_records_permissions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forward, backward)]
