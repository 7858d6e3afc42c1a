"""Personal data of leads and clicks: export, erasure on request, retention (RGPD, Quebec Law 25).

Erasure and retention blank the personal fields but keep the row, its status, revenue, dates and
franchise, so counts, conversion rates and revenue in the reports stay right.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from budgets.models import Click, Lead
from network.audit import audit
from privacy import permissions

log = logging.getLogger(__name__)

# Fields that identify or may identify a person (UTM values are free text a link may fill with an
# e-mail address; the click reference links the lead to the ad platform's user).
LEAD_PERSONAL_FIELDS = (
    "name",
    "email",
    "phone",
    "message",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "click_ref",
)
LEAD_EXPORT_FIELDS = ("id", "created_at", "status", "consent", "won_at", "revenue", *LEAD_PERSONAL_FIELDS)
CLICK_IDENTIFYING_FIELDS = ("click_id", "place")


def _blank(fields) -> dict:
    return dict.fromkeys(fields, "")


def lead_is_erased(lead: Lead) -> bool:
    return all(getattr(lead, field) == "" for field in LEAD_PERSONAL_FIELDS)


def lead_export(*, actor, lead: Lead) -> dict:
    """Everything the platform holds about the person behind a lead, as JSON-ready data."""
    permissions.check_handle_lead_data(actor, lead)
    data = {field: getattr(lead, field) for field in LEAD_EXPORT_FIELDS}
    data["created_at"] = lead.created_at.isoformat()
    data["won_at"] = lead.won_at.isoformat() if lead.won_at else None
    data["revenue"] = str(lead.revenue) if lead.revenue is not None else None
    data["brand"] = lead.brand.name
    data["franchise"] = lead.franchise.name
    data["location"] = lead.location.name if lead.location_id else None
    click = lead.click
    data["click"] = (
        {"created_at": click.created_at.isoformat(), "keyword": click.keyword_text, "device": click.device}
        | {field: getattr(click, field) for field in CLICK_IDENTIFYING_FIELDS}
        if click
        else None
    )
    audit(actor=actor, action="privacy.lead_export", target=lead, summary=f"lead #{lead.pk}")
    return data


@transaction.atomic
def lead_erase(*, actor, lead: Lead) -> Lead:
    """Blank the lead's personal data (and its click's identifiers); figures stay. Idempotent."""
    permissions.check_handle_lead_data(actor, lead)
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead_is_erased(lead):
        return lead
    Lead.objects.filter(pk=lead.pk).update(**_blank(LEAD_PERSONAL_FIELDS))
    if lead.click_id:
        Click.objects.filter(pk=lead.click_id).update(**_blank(CLICK_IDENTIFYING_FIELDS))
    audit(actor=actor, action="privacy.lead_erase", target=lead, summary=f"lead #{lead.pk}")
    lead.refresh_from_db()
    return lead


def enforce_retention(*, now=None) -> dict:
    """Anonymise leads and clear clicks' identifiers past their retention periods; return counts."""
    now = now or timezone.now()
    lead_cutoff = now - timedelta(days=settings.PRIVACY_LEAD_RETENTION_DAYS)
    click_cutoff = now - timedelta(days=settings.PRIVACY_CLICK_RETENTION_DAYS)
    not_erased = Lead.objects.exclude(**_blank(LEAD_PERSONAL_FIELDS))
    leads = not_erased.filter(created_at__lt=lead_cutoff).update(**_blank(LEAD_PERSONAL_FIELDS))
    clicks = (
        Click.objects.filter(created_at__lt=click_cutoff)
        .exclude(click_id="", place="")
        .update(**_blank(CLICK_IDENTIFYING_FIELDS))
    )
    log.info("privacy retention: %s leads anonymised, %s clicks cleared", leads, clicks)
    return {"leads": leads, "clicks": clicks}
