from django.db import migrations

from common.search import statistics_operations


class Migration(migrations.Migration):
    dependencies = [("supervision", "0011_department_month_counts")]

    operations = statistics_operations("supervision_supervisionitem")
