from celery import shared_task

from network import services


@shared_task(name="network.send_invitation", bind=True, max_retries=5, default_retry_delay=30)
def send_invitation(self, invitation_id: int) -> bool:
    """Send an invitation e-mail once; a repeated or late run does nothing."""
    try:
        invitation = services.invitation_mark_sent(invitation_id=invitation_id)
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from exc
    return bool(invitation and invitation.sent_at)
