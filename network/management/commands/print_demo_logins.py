from django.core.management.base import BaseCommand

from network.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo-pass-2026")

    def handle(self, *args, password, **options):
        self.stdout.write(f"Demo logins (password: {password}):")
        for username, _first, _last, role, _where in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role.label}")
        self.stdout.write(f"  {'admin':<12} platform administrator (Django admin at /admin/)")
