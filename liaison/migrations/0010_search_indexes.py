"""GIN indexes for staff search in Chinese (common/search.py): opinions and receptions."""

from django.db import migrations

from common.search import index_operations


class Migration(migrations.Migration):
    dependencies = [("liaison", "0009_opinion_resolved_at")]

    operations = [
        *index_operations("liaison_opinion", ("content", "resolution"), "opinion_search"),
        *index_operations("liaison_reception", ("content", "action_taken"), "reception_search"),
    ]
