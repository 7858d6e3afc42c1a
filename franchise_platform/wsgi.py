"""WSGI entry point (gunicorn franchise_platform.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "franchise_platform.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the URL conf, the apps) lives as long as the process: move it
# out of the collector's sight so the full collections that happen under load do not walk it
# again and again (they showed as the slowest one percent of click-router answers).
gc.freeze()
