"""Staff search in Chinese (common/search.py): a search_vector column under a GIN index on
opinions and receptions (PostgreSQL only)."""

from django.db import migrations

from common.search import index_operations


class Migration(migrations.Migration):
    dependencies = [("liaison", "0009_opinion_resolved_at")]

    operations = [
        *index_operations("liaison_opinion", ("content", "resolution")),
        *index_operations("liaison_reception", ("content", "action_taken")),
    ]
