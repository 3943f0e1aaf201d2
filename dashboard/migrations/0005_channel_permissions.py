"""Staff set each event's default channels (e-mail, text message, 企业微信) in the admin and read
what was sent; deliveries change only through the portal (send again from the list of messages)."""

from django.db import migrations

from dashboard.migrations import _grant

PERMISSIONS = {"notifications": (["channeldefault"], ["delivery"])}


def grant(apps, schema_editor):
    _grant.grant(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0004_deliveries_sweep"), ("notifications", "0002_channels_and_deliveries")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
