"""`python manage.py run_directory_simulator --port 8765`: the directory simulators of the
top-level `simulators` package (Google, Facebook, the Pages Jaunes model) and their control API
(/_sim/...) in one threaded process, with the ad-platform simulator mounted under /ads.

At start it shows the listings the database links stores to (the demo's), unless `--empty`."""

import logging

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from simulators.server import build_server, mount

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Serve the directory simulators (Google, Facebook, Pages Jaunes, the ad platform under /ads and /_sim/)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--empty", action="store_true", help="Start without the database's linked listings.")

    def handle(self, *args, host, port, empty, **options):
        mount("/ads", "budgets.adplatform.simulator")
        server = build_server(host, port)
        if not empty:
            self.load(server.get_app().simulator)
        self.stdout.write(f"Directory simulator on http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
        try:
            server.serve_forever(poll_interval=0.5)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    def load(self, simulator) -> None:
        from listings.directories.demo import load_into

        try:
            count = load_into(simulator)
        except DatabaseError as error:  # no database or not migrated yet: start empty
            logger.warning("directory simulator starts empty: %s", error)
            return
        self.stdout.write(f"Loaded {count} listings from the database.")
