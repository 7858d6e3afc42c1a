import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgets.models import GeoTarget


class Command(BaseCommand):
    help = (
        "Import Google's geo-target CSV (Criteria ID, Name, Canonical Name, Parent ID, Country Code, Target Type, "
        "Status) so the router maps {loc_physical_ms} ids to cities and postal codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--countries", default="", help="Only these country codes, e.g. CA,FR")

    def handle(self, *args, file, countries, **options):
        wanted = {c.strip().upper() for c in countries.split(",") if c.strip()}
        rows, errors = [], []
        with Path(file).open(encoding="utf-8-sig", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                try:
                    country = (row.get("Country Code") or "").strip().upper()[:2]
                    if wanted and country not in wanted:
                        continue
                    parent = (row.get("Parent ID") or "").strip()
                    rows.append(
                        GeoTarget(
                            criteria_id=int(row["Criteria ID"]),
                            name=row["Name"].strip()[:200],
                            canonical_name=(row.get("Canonical Name") or "").strip()[:300],
                            parent_id=int(parent) if parent.isascii() and parent.isdigit() else None,
                            country_code=country,
                            target_type=(row.get("Target Type") or "").strip()[:40],
                        )
                    )
                except (KeyError, ValueError, AttributeError):
                    errors.append(line)
        if errors:
            raise CommandError(f"unreadable lines: {errors[:20]} — nothing imported")
        with transaction.atomic():
            GeoTarget.objects.bulk_create(
                rows,
                batch_size=5000,
                update_conflicts=True,
                unique_fields=["criteria_id"],
                update_fields=["name", "canonical_name", "parent_id", "country_code", "target_type"],
            )
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} geo targets"))
