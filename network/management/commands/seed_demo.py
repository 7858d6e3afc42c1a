import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from budgets import demo as budgets_demo
from forum import demo as forum_demo
from listings import demo as listings_demo
from network.demo import BRAND, seed_network
from network.models import Brand
from reporting import demo as reporting_demo

DEFAULT_PASSWORD = "demo-pass-2026"  # noqa: S105 - the documented demo password


class Command(BaseCommand):
    help = "Build the demo franchise network (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password of every demo user.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the demo brand exists.")

    def handle(self, *args, password, if_empty, **options):
        if if_empty and Brand.objects.filter(slug=BRAND["slug"]).exists():
            self.stdout.write("The demo data is already there.")
            return
        started = time.monotonic()
        network = seed_network(password=password)
        for seed in (budgets_demo.seed, listings_demo.seed, reporting_demo.seed, forum_demo.seed):
            seed(network)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo network “{network.brand.name}”: {len(network.regions)} regions, "
                f"{len(network.franchises)} franchises, {len(network.locations)} locations "
                f"({time.monotonic() - started:.1f} s)."
            )
        )
        call_command("print_demo_logins", password=password, stdout=self.stdout)
