from django.core.management.base import BaseCommand

from demo import generate


class Command(BaseCommand):
    help = (
        "Create a realistic demo zone: 226 deputies over four levels, council members, 7 sub-districts, "
        "1 + 7 + 24 Homes and stations, deputy and professional groups, departments and demo logins. "
        "Idempotent: a second run changes nothing."
    )

    def handle(self, *args, **options):
        accounts = generate.build(generate.ZONE)
        self.stdout.write(self.style.SUCCESS("Demo zone ready. / 演示数据已就绪。"))
        self.stdout.write(f"Logins (password / 密码: {generate.DEMO_PASSWORD}):")
        for username, who in accounts:
            self.stdout.write(f"  {username:<8} {who}")
