from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from congress_portal.dates import previous_month
from congress_portal.monthly.services import statistics_publish
from congress_portal.monthly.views import parse_month


class Command(BaseCommand):
    help = (
        "Make the monthly statistics report of a month (default: last month) if it is not stored yet, "
        "and tell staff. Beat does this every 1st; use this to fill in an earlier month."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM")

    def handle(self, *args, month=None, **options):
        try:
            first = parse_month(month) if month else previous_month(timezone.localdate())
        except ValueError as error:
            raise CommandError("--month must look like 2026-10") from error
        made = statistics_publish(first)
        self.stdout.write(f"{first:%Y-%m}: " + ("made" if made else "already there"))
