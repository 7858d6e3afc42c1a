"""Settings of the listings sync benchmark's workers: the project's settings, with the
directory quotas the benchmark declares (the simulator enforces the same numbers)."""

import os

from franchise_platform.settings import *  # noqa: F403

BENCH_QUOTA = int(os.environ.get("LISTINGS_BENCH_QUOTA", "30000"))
DIRECTORY_QUOTAS = {"google": BENCH_QUOTA, "facebook": BENCH_QUOTA, "pagesjaunes": BENCH_QUOTA}
