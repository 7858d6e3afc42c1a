"""Periodic tasks of listings, merged into CELERY_BEAT_SCHEDULE by the settings."""

BEAT_SCHEDULE = {
    # Messages lost (a worker killed with its messages unacknowledged, a Redis restart without
    # persistence): finish the stores where they stopped. Every minute: a Redis restart is seen
    # at once, while only stores waiting longer than `minutes` count as lost otherwise.
    "listings-resume-stalled-items": {
        "task": "listings.resume_stalled_items",
        "schedule": 60.0,
        "kwargs": {"minutes": 10},
    },
    # Read back every published listing and flag directories that drifted.
    "listings-verify-listings": {"task": "listings.verify_listings", "schedule": 6 * 3600.0},
}
