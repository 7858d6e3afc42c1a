from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgets.adplatform.reports import decode_report
from budgets.imports import SOURCES, describe_skipped, import_costs
from budgets.models import Pool
from franchise_platform.errors import DomainError


class Command(BaseCommand):
    help = "Import a Google Ads or Microsoft Advertising keyword report (CSV) into a pool; all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("pool", help="Slug of the pool")
        parser.add_argument("file", help="CSV keyword report")
        parser.add_argument("--source", choices=SOURCES, default="google")

    def handle(self, *args, pool, file, source, **options):
        target = Pool.objects.filter(slug=pool).first()
        if target is None:
            raise CommandError(f"no pool “{pool}”")
        content = decode_report(Path(file).read_bytes())
        try:
            with transaction.atomic():
                batch = import_costs(actor=None, pool=target, source=source, content=content, filename=Path(file).name)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(
            self.style.SUCCESS(f"{batch.rows} rows, {len(batch.days)} days, {batch.total_cost} {target.currency}")
        )
        for line in describe_skipped(batch):
            self.stdout.write(line)
