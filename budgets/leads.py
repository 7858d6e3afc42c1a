"""Leads: captured from a franchise page, e-mailed to the franchise, worked through statuses."""

import hashlib
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from budgets import permissions
from budgets.keywords import normalise_keyword
from budgets.models import Click, Keyword, Lead, LeadStatus
from budgets.money import cents
from franchise_platform.errors import DomainError
from network.audit import audit

RATE_LIMIT = 5  # leads per client per window
RATE_WINDOW = 600  # seconds
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def client_key(remote_addr: str) -> str:
    """A one-way key for rate limiting: the raw address is never stored."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{remote_addr}".encode()).hexdigest()[:32]


def _check_rate(key: str) -> None:
    cache_key = f"budgets:lead-rate:{key}"
    if cache.add(cache_key, 1, RATE_WINDOW):
        return
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, RATE_WINDOW)
        return
    if count > RATE_LIMIT:
        raise DomainError(_("Too many requests from your connection; please try again later."), code="rate_limited")


@transaction.atomic
def lead_capture(*, franchise, data: dict, client: str, location=None) -> Lead:
    """Store a prospect's request with the click and keyword that brought them, and e-mail it."""
    _check_rate(client)
    click_ref = (data.get("click_ref") or "")[:128]
    click = None
    if click_ref:
        click = Click.objects.filter(pool__brand_id=franchise.brand_id, click_id=click_ref).first()
    keyword = click.keyword if click and click.keyword_id else None
    if keyword is None and data.get("utm_term"):
        keyword = Keyword.objects.filter(
            pool__brand_id=franchise.brand_id, text=normalise_keyword(data["utm_term"])
        ).first()
    lead = Lead.objects.create(
        brand_id=franchise.brand_id,
        franchise=franchise,
        location=location,
        click=click,
        keyword=keyword,
        name=data["name"],
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        message=data.get("message", ""),
        consent=bool(data.get("consent")),
        click_ref=click_ref,
        **{name: (data.get(name) or "")[: Lead._meta.get_field(name).max_length] for name in UTM_FIELDS},
    )
    transaction.on_commit(lambda: send_lead_email(lead.pk))
    return lead


def send_lead_email(lead_id: int) -> None:
    lead = Lead.objects.select_related("franchise__brand").get(pk=lead_id)
    if not lead.franchise.email:
        return
    with translation.override(lead.franchise.brand.default_language):
        context = {"lead": lead, "url": f"{settings.SITE_URL}/budgets/leads/{lead.pk}/"}
        subject = _("New lead: %(name)s") % {"name": lead.name}
        body = render_to_string("budgets/email/lead.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [lead.franchise.email])


@transaction.atomic
def lead_update(*, actor, lead: Lead, status: str, revenue=None) -> Lead:
    permissions.check_work_lead(actor, lead)
    if status not in LeadStatus.values:
        raise DomainError(_("Unknown status."), code="bad_status")
    if status == LeadStatus.WON:
        try:
            revenue = cents(revenue)
        except (InvalidOperation, TypeError, ValueError):
            raise DomainError(_("A won lead needs its revenue."), code="revenue_required") from None
        if revenue < 0 or revenue > Decimal("100000000"):
            raise DomainError(_("The revenue must be a positive amount."), code="bad_revenue")
        lead.revenue = revenue
        lead.won_at = lead.won_at or timezone.now()
    else:
        lead.revenue, lead.won_at = None, None
    lead.status = status
    lead.save(update_fields=["status", "revenue", "won_at"])
    audit(actor=actor, action="budgets.lead_status", target=lead.franchise, summary=f"lead {lead.pk}: {status}")
    return lead
