from celery import shared_task

from privacy import services


@shared_task(name="privacy.enforce_retention", ignore_result=True)
def enforce_retention() -> dict:
    """Daily: anonymise leads and clear click identifiers older than their retention periods."""
    return services.enforce_retention()
