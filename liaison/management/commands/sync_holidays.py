from django.core.management.base import BaseCommand

from liaison.services import holidays_sync


class Command(BaseCommand):
    help = "Copy the statutory holidays the chinese-calendar package knows into the portal (safe to repeat)."

    def handle(self, *args, **options):
        self.stdout.write(f"{holidays_sync()} holidays added")
