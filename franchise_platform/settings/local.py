"""Local development: runs with no services at all (SQLite, eager Celery, console e-mail)."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# A development-only key; production refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "local-dev-only-insecure-key-change-me"
