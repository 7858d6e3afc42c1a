"""Periodic e-mail digests. Beat runs `messaging.send_digests` hourly; each user's digest is a
task of its own, so one failing address never stops the batch."""

from celery import shared_task
from django.db import transaction

from messaging import digest


@shared_task(name="messaging.send_digests")
def send_digests() -> int:
    users = digest.users_due()
    for user_id in users:
        transaction.on_commit(lambda user_id=user_id: send_digest.delay(user_id))
    return len(users)


@shared_task(name="messaging.send_digest", autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_digest(user_id: int) -> int:
    return digest.digest_send(user_id=user_id)
