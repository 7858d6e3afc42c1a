"""Settings of the benchmarks: the local settings, not in debug, plus a bare view to compare with."""

from franchise_platform.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

import os  # noqa: E402

# The router as it is meant to run under load: clicks batched behind the redirect (see
# budgets/clickwriter.py); `--sync` measures one INSERT per click instead.
BUDGETS_CLICK_WRITE_BEHIND_MS = int(os.environ.get("BUDGETS_CLICK_WRITE_BEHIND_MS", "20"))
