"""`python manage.py run_directory_simulator --port 8765`: the Google-, Facebook- and Pages
Jaunes-style directory APIs and their control API (/_sim/...) in one threaded process."""

from django.core.management.base import BaseCommand

from listings.simulator.server import build_server


class Command(BaseCommand):
    help = "Serve the directory simulator (Google, Facebook, Pages Jaunes and the /_sim/ control API)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, host, port, **options):
        server = build_server(host, port)
        self.stdout.write(f"Directory simulator on http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
        try:
            server.serve_forever(poll_interval=0.5)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
