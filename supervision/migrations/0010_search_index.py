"""A GIN index for staff search in Chinese (common/search.py): suggestions and other items."""

from django.db import migrations

from common.search import index_operations


class Migration(migrations.Migration):
    dependencies = [("supervision", "0009_public_items_index")]

    operations = index_operations("supervision_supervisionitem", ("title", "content"), "item_search")
