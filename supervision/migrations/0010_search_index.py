"""Staff search in Chinese (common/search.py): a search_vector column under a GIN index on items
(PostgreSQL only)."""

from django.db import migrations

from common.search import index_operations


class Migration(migrations.Migration):
    dependencies = [("supervision", "0009_public_items_index")]

    operations = index_operations("supervision_supervisionitem", ("title", "content"))
