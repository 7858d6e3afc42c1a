"""Test settings: fast hashing, in-memory e-mail and cache; real services when configured."""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "test-only-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
# The test process runs tasks eagerly; the worker tests start a real worker on the real broker
# (tests/workers.py), on a queue of its own named here: the tasks that worker enqueues go through
# the broker to that queue, as a production worker's go to the default one.
TEST_WORKER_QUEUE = os.environ.get("TEST_WORKER_QUEUE", "")
CELERY_TASK_ALWAYS_EAGER = not TEST_WORKER_QUEUE
if TEST_WORKER_QUEUE:
    CELERY_TASK_DEFAULT_QUEUE = TEST_WORKER_QUEUE
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Tests start their own directory simulator; never reach a developer's one on the default port
# (a worker started by a test is given the test's simulator in DIRECTORY_TEST_SIMULATOR_URL).
DIRECTORY_SIMULATOR_URL = os.environ.get("DIRECTORY_TEST_SIMULATOR_URL", "http://127.0.0.1:9")
# The same for the ad platforms (a test or its worker names its simulator in ADPLATFORM_URL).
ADPLATFORM_URL = os.environ.get("ADPLATFORM_URL") or DIRECTORY_SIMULATOR_URL + "/ads"
ADPLATFORM_REPORT_POLL_SECONDS = 0.05
