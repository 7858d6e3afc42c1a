from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def send_invitation_email(invitation) -> None:
    with translation.override(invitation.brand.default_language):
        context = {
            "invitation": invitation,
            "url": settings.SITE_URL + reverse("invitation-accept", args=[invitation.token]),
        }
        subject = render_to_string("network/email/invitation_subject.txt", context).strip()
        body = render_to_string("network/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
