import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.converters import MonthConverter
from common.dates import previous_month
from monthly_statistics.services import statistics_publish


class Command(BaseCommand):
    help = (
        "Make the monthly statistics report of a month (default: last month) if it is not stored yet, "
        "and tell staff. Beat does this every 1st; use this to fill in an earlier month."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM")

    def handle(self, *args, month=None, **options):
        if month and not re.fullmatch(MonthConverter.regex, month):
            raise CommandError("--month must look like 2026-10")
        try:
            first = MonthConverter().to_python(month) if month else previous_month(timezone.localdate())
        except (ValueError, AttributeError) as error:
            raise CommandError("--month must look like 2026-10") from error
        made = statistics_publish(first)
        self.stdout.write(f"{first:%Y-%m}: " + ("made" if made else "already there"))
