"""Periodic tasks of this app, merged into CELERY_BEAT_SCHEDULE by the settings."""

from celery.schedules import crontab

SCHEDULE = {
    "messaging-send-digests": {"task": "messaging.send_digests", "schedule": crontab(minute=7)},
}
