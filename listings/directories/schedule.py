"""Beat entries of the directory imports (merged into CELERY_BEAT_SCHEDULE in settings)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "listings-directories-daily-import": {
        "task": "listings.directories.daily_import",
        "schedule": crontab(hour=4, minute=15),
    },
}
