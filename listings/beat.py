"""Periodic tasks of listings, merged into CELERY_BEAT_SCHEDULE by the settings."""

BEAT_SCHEDULE = {
    # A worker killed with its messages unacknowledged: finish its stores where they stopped.
    "listings-resume-stalled-items": {
        "task": "listings.resume_stalled_items",
        "schedule": 300.0,
        "kwargs": {"minutes": 10},
    },
    # Read back every published listing and flag directories that drifted.
    "listings-verify-listings": {"task": "listings.verify_listings", "schedule": 6 * 3600.0},
}
