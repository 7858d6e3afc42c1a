"""What the budgets ask of a user on the home page (network.actions): pledges to answer and
leads not followed up. One query per kind, scoped to the franchises the user answers for."""

import datetime

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from budgets.models import Lead, LeadStatus, Pledge, PledgeStatus, RoundStatus
from network.actions import Action, More, take
from network.models import Role
from network.scoping import covered

# A lead still "new" this long after it came in has not been called back.
FOLLOW_UP_AFTER = datetime.timedelta(hours=24)
FRANCHISE_ROLES = [Role.FRANCHISEE_OWNER, Role.FRANCHISEE_STAFF]


def pledges(user, now) -> list:
    """Open rounds whose pledge the user's franchise has not answered (owners answer)."""
    theirs = covered(
        user,
        brand="franchise__brand_id",
        region="franchise__region_id",
        franchise="franchise_id",
        roles=[Role.FRANCHISEE_OWNER],
    )
    waiting = (
        Pledge.objects.filter(theirs, status=PledgeStatus.PENDING, round__status=RoundStatus.OPEN)
        .select_related("round__period__pool", "franchise")
        .order_by("-round__created_at", "-pk")
    )
    rows, total = take(waiting)
    label = _("Pledge")
    actions = [
        Action(
            "pledge",
            label,
            _("Pledge to answer: %(pool)s, %(period)s")
            % {
                "pool": pledge.round.period.pool.name,
                "period": formats.date_format(pledge.round.period.start, "YEAR_MONTH_FORMAT"),
            },
            reverse("budgets-round", args=[pledge.round_id]),
            pledge.round.created_at,
            _("%(franchise)s · answer before %(deadline)s")
            % {
                "franchise": pledge.franchise.name,
                "deadline": formats.date_format(pledge.round.deadline, "SHORT_DATETIME_FORMAT"),
            },
        )
        for pledge in rows
    ]
    return actions + ([More("pledge", label, total, reverse("budgets-mine"))] if total > len(rows) else [])


def leads(user, now) -> list:
    """Leads of the user's franchise still new a day after they came in."""
    scope = covered(
        user, brand="brand_id", region="franchise__region_id", franchise="franchise_id", roles=FRANCHISE_ROLES
    )
    waiting = (
        Lead.objects.filter(scope, status=LeadStatus.NEW, created_at__lte=now - FOLLOW_UP_AFTER)
        .select_related("franchise")
        .order_by("-created_at", "-pk")
    )
    rows, total = take(waiting)
    label = _("Lead")
    actions = [
        Action(
            "lead",
            label,
            _("Lead to call back: %(name)s") % {"name": lead.name},
            reverse("budgets-lead", args=[lead.pk]),
            lead.created_at,
            " · ".join(part for part in (lead.franchise.name, lead.phone or lead.email) if part),
        )
        for lead in rows
    ]
    more = reverse("budgets-leads") + "?status=new"
    return actions + ([More("lead", label, total, more)] if total > len(rows) else [])


def register_actions() -> None:
    from network.actions import register

    register("budgets.pledges", pledges)
    register("budgets.leads", leads)
