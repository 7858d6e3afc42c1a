from django.core.management.base import BaseCommand

from reporting import rollups


class Command(BaseCommand):
    help = "Bring the report rollups up to date (--full: rebuild them from the sources, e.g. the first time)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Re-aggregate every source from scratch.")
        parser.add_argument("--all-days", action="store_true", help="Compare the fingerprints of every day.")

    def handle(self, *args, full=False, all_days=False, **options):
        days = rollups.refresh(full=full, recheck_all_days=all_days)
        self.stdout.write(f"{len(days)} day(s) re-aggregated.")
