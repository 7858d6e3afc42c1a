"""Periodic tasks of the reports, merged into CELERY_BEAT_SCHEDULE by the settings."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "reporting-refresh-rollups": {"task": "reporting.refresh_rollups", "schedule": 30.0},
    "reporting-nightly-recheck": {"task": "reporting.recheck_rollups", "schedule": crontab(hour=2, minute=15)},
    "reporting-evaluate-alerts": {"task": "reporting.evaluate_alerts", "schedule": crontab(minute=5)},
    "reporting-weekly-emails": {
        "task": "reporting.send_weekly_reports",
        "schedule": crontab(hour=6, minute=0, day_of_week="mon"),
    },
}
