"""Periodic jobs of the budgets app, merged into CELERY_BEAT_SCHEDULE by the settings."""

BEAT_SCHEDULE = {
    # Push paced budgets and keywords, import and charge yesterday's reports (idempotent).
    "budgets-sync-all-pools": {"task": "budgets.sync_all_pools", "schedule": 6 * 3600.0},
}
