import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgets.models import MicrosoftLocation

REQUIRED = ("Location Id", "Bing Display Name", "Location Type")


class Command(BaseCommand):
    help = (
        "Import Microsoft Advertising's geographical location codes file (version 2.0: Location Id, "
        "Bing Display Name, Location Type, Replaces, Status; from GetGeoLocationsFileUrl) so the router "
        "maps Microsoft's {loc_physical_ms} and {loc_interest_ms} ids to places. Unknown columns are ignored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--countries", default="", help="Only these countries (last display name part), e.g. Canada"
        )

    def handle(self, *args, file, countries, **options):
        wanted = {c.strip().casefold() for c in countries.split(",") if c.strip()}
        rows, errors = [], []
        with Path(file).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"not a Microsoft location codes file: no column {', '.join(missing)}")
            for line, row in enumerate(reader, start=2):
                try:
                    display = row["Bing Display Name"].strip()
                    if wanted and display.split("|")[-1].strip().casefold() not in wanted:
                        continue
                    rows.append(
                        MicrosoftLocation(
                            location_id=int(row["Location Id"]),
                            display_name=display[:300],
                            location_type=(row.get("Location Type") or "").strip()[:40],
                            status=(row.get("Status") or "").strip()[:40],
                        )
                    )
                except (KeyError, ValueError, AttributeError):
                    errors.append(line)
        if errors:
            raise CommandError(f"unreadable lines: {errors[:20]} — nothing imported")
        with transaction.atomic():
            MicrosoftLocation.objects.bulk_create(
                rows,
                batch_size=5000,
                update_conflicts=True,
                unique_fields=["location_id"],
                update_fields=["display_name", "location_type", "status"],
            )
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} Microsoft locations"))
