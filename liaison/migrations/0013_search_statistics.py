from django.db import migrations

from common.search import statistics_operations


class Migration(migrations.Migration):
    dependencies = [("liaison", "0012_opinion_unsatisfied_index")]

    operations = [*statistics_operations("liaison_opinion"), *statistics_operations("liaison_reception")]
