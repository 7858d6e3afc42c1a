from django.core.management.base import BaseCommand, CommandError

from budgets import clickspool, clickwriter


class Command(BaseCommand):
    help = (
        "Write the clicks this machine spooled while the database was unreachable "
        "(BUDGETS_CLICK_SPOOL_DIR). The web processes do it themselves once the database answers; "
        "run this after a restart with clicks still spooled and no traffic."
    )

    def handle(self, *args, **options):
        waiting = clickspool.pending_count()
        written = clickwriter.drain()
        left = clickspool.pending_count()
        self.stdout.write(f"{written} click(s) written, {left} still spooled (of {waiting}).")
        if left:
            raise CommandError("the database did not take every spooled click: run it again once it answers")
