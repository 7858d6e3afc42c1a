"""Writes of the reports: questions about a KPI, goals, alert rules and alerts, weekly e-mails."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from franchise_platform import formats, stored_text
from franchise_platform.errors import DomainError
from messaging.services import conversation_start
from network.audit import audit
from network.models import Franchise, Level, Membership, Region, Role
from reporting import metrics, permissions, reports
from reporting.metrics import BASE_MEASURES, REGISTRY
from reporting.models import Alert, AlertRule, FranchiseDayRollup, Goal, WeeklyDigest
from reporting.selectors import Node

User = get_user_model()


# Responsible people ---------------------------------------------------------------------------


def responsible_for(node: Node) -> list:
    """The people who answer for a node's figures: the franchisee owners of a franchise (and of
    a store or keyword below it), the region managers of a region, the franchisor admins of the
    brand."""
    if node.franchise is not None:
        q = {"role": Role.FRANCHISEE_OWNER, "level": Level.FRANCHISE, "franchise": node.franchise}
    elif node.region is not None:
        q = {"role": Role.REGION_MANAGER, "level": Level.REGION, "region": node.region}
    else:
        q = {"role__in": [Role.FRANCHISOR_ADMIN, Role.FRANCHISOR_MARKETING], "level": Level.BRAND, "brand": node.brand}
    users = User.objects.filter(memberships__in=Membership.objects.filter(**q), is_active=True).distinct()
    return list(users.order_by("pk"))


def _parent(node: Node) -> Node | None:
    if node.franchise is not None:
        return Node(brand=node.brand, region=node.region)
    if node.region is not None:
        return Node(brand=node.brand)
    return None


def kpi_question_ask(*, user, node: Node, metric: str, body: str, link_url: str):
    """Open a conversation about one KPI of one node with the people responsible for it (one
    level up when the asker is the responsible person); it carries a link to the report view."""
    if metric not in REGISTRY:
        raise DomainError(_("Unknown KPI."), code="unknown_metric")
    if not permissions.can_ask(user):
        raise DomainError(_("You may not ask questions here."), code="forbidden")
    recipients, target = [], node
    while target is not None:
        recipients = [person for person in responsible_for(target) if person.pk != user.pk]
        if recipients:
            break
        target = _parent(target)
    if not recipients:
        raise DomainError(_("Nobody answers for these figures yet."), code="no_recipient")
    # Stored as a message: each participant reads the subject in their own language.
    subject = stored_text.dumps(
        stored_text.message(
            gettext_noop("Question about %(kpi)s · %(node)s"),
            kpi=stored_text.from_lazy(REGISTRY[metric].label),
            node=node.label(),
        ),
        200,
    )
    return conversation_start(
        sender=user,
        recipients=recipients,
        subject=subject,
        body=body,
        brand=node.brand,
        link_url=link_url,
        context={"kind": "kpi", "metric": metric, "level": node.level, "node": node.params()},
    )


# Goals and alert rules ----------------------------------------------------------------------------


@transaction.atomic
def goal_set(
    *, user, brand, metric: str, period_start: datetime.date, period_end: datetime.date, target: Decimal, region=None
) -> Goal:
    permissions.check_set_goals(user, brand)
    if metric not in REGISTRY or metric == "share_of_contribution":
        raise DomainError(_("Unknown KPI."), code="unknown_metric")
    if period_end < period_start:
        raise DomainError(_("The goal ends before it starts."), code="bad_period")
    if target < 0:
        raise DomainError(_("A goal is a positive figure."), code="bad_target")
    if region is not None and region.brand_id != brand.pk:
        raise DomainError(_("The region belongs to another brand."), code="bad_region")
    goal, _created = Goal.objects.update_or_create(
        brand=brand,
        region=region,
        metric=metric,
        period_start=period_start,
        period_end=period_end,
        defaults={"target": target, "created_by": user},
    )
    audit(actor=user, action="reporting.goal_set", target=goal, summary=f"{metric} = {target}")
    return goal


@transaction.atomic
def alert_rule_set(
    *, user, brand, metric: str, threshold_pct: Decimal, period_days: int = 7, min_volume: int = 20
) -> AlertRule:
    permissions.check_set_goals(user, brand)
    if metric not in REGISTRY or metric == "share_of_contribution":
        raise DomainError(_("Unknown KPI."), code="unknown_metric")
    if threshold_pct <= 0:
        raise DomainError(_("The threshold is a positive percentage."), code="bad_threshold")
    rule, _created = AlertRule.objects.update_or_create(
        brand=brand,
        metric=metric,
        period_days=period_days,
        defaults={"threshold_pct": threshold_pct, "min_volume": max(0, min_volume)},
    )
    audit(actor=user, action="reporting.alert_rule_set", target=rule, summary=f"{metric} ±{threshold_pct}%")
    return rule


# Alerts ------------------------------------------------------------------------------------------


def _period_totals(brand, start, end) -> dict:
    """{franchise_id: (region_id, totals)} of the brand over [start, end], from the rollups."""
    from django.db.models import Sum

    rows = (
        FranchiseDayRollup.objects.filter(brand_id=brand.pk, day__gte=start, day__lte=end)
        .values("franchise_id", "region_id")
        .annotate(**{m: Sum(m) for m in BASE_MEASURES})
        .order_by()
    )
    return {r["franchise_id"]: (r["region_id"], {m: Decimal(r[m] or 0) for m in BASE_MEASURES}) for r in rows}


def _sum(groups) -> dict:
    total = dict.fromkeys(BASE_MEASURES, Decimal(0))
    for _region, totals in groups:
        for m in BASE_MEASURES:
            total[m] += totals[m]
    return total


def alerts_evaluate(*, brand, today: datetime.date | None = None) -> list[Alert]:
    """Compare each KPI with a rule over the last period with the one before, for the brand, each
    region and each franchise; a move past the threshold in the bad direction raises an alert."""
    today = today or timezone.now().date()
    created = []
    for rule in AlertRule.objects.filter(brand=brand, is_active=True):
        end = today - datetime.timedelta(days=1)
        start = end - datetime.timedelta(days=rule.period_days - 1)
        before_end = start - datetime.timedelta(days=1)
        before_start = before_end - datetime.timedelta(days=rule.period_days - 1)
        now, before = _period_totals(brand, start, end), _period_totals(brand, before_start, before_end)
        nodes = [("brand", None, None, _sum(now.values()), _sum(before.values()))]
        for region in Region.objects.filter(brand=brand):
            nodes.append(
                (
                    "region",
                    region,
                    None,
                    _sum(v for v in now.values() if v[0] == region.pk),
                    _sum(v for v in before.values() if v[0] == region.pk),
                )
            )
        for franchise in Franchise.objects.filter(brand=brand, is_active=True).select_related("region"):
            empty = (0, dict.fromkeys(BASE_MEASURES, Decimal(0)))
            nodes.append(
                (
                    "franchise",
                    franchise.region,
                    franchise,
                    now.get(franchise.pk, empty)[1],
                    before.get(franchise.pk, empty)[1],
                )
            )
        for level, region, franchise, current_totals, previous_totals in nodes:
            alert = _check(rule, level, region, franchise, current_totals, previous_totals, end)
            if alert is not None:
                created.append(alert)
    return created


def _check(rule, level, region, franchise, current_totals, previous_totals, end) -> Alert | None:
    metric = REGISTRY[rule.metric]
    current = metrics.compute(rule.metric, current_totals)
    previous = metrics.compute(rule.metric, previous_totals)
    delta = metrics.change(current, previous)
    if delta is None or abs(delta) < rule.threshold_pct or metrics.is_improvement(metric, delta) is not False:
        return None
    if _volume(metric, current_totals, previous_totals) < rule.min_volume:
        return None  # too few customers, clicks... for the change to mean anything
    alert, created = Alert.objects.get_or_create(
        rule=rule,
        level=level,
        region=region,
        franchise=franchise,
        period_end=end,
        defaults={
            "brand": rule.brand,
            "current": metrics.rounded(metric, current),
            "previous": metrics.rounded(metric, previous),
            "change_pct": delta.quantize(Decimal("0.01")),
        },
    )
    return alert if created else None


def _volume(metric, current_totals: dict, previous_totals: dict) -> Decimal:
    """The count a KPI rests on, in the busier of the two periods: the measure itself for a count,
    the denominator of a ratio (customers for cost per customer, clicks for CTR's impressions)."""
    base = metric.denominator if metric.is_ratio else metric.key
    if base not in BASE_MEASURES:
        base = metric.numerator if metric.numerator in BASE_MEASURES else "clicks"
    return max(Decimal(current_totals.get(base) or 0), Decimal(previous_totals.get(base) or 0))


def alert_notify(*, alert: Alert) -> None:
    """E-mail the people responsible for the alert's node (once)."""
    # Claim the alert first: a repeated or concurrent task finds it claimed and sends nothing.
    if not Alert.objects.filter(pk=alert.pk, notified_at__isnull=True).update(notified_at=timezone.now()):
        return
    node = Node(brand=alert.brand, region=alert.region, franchise=alert.franchise)
    metric = REGISTRY[alert.rule.metric]
    for person in responsible_for(node):
        with translation.override(getattr(person, "language", None) or settings.LANGUAGE_CODE):
            shown = {
                "change": ("+" if alert.change_pct > 0 else "") + formats.percent(alert.change_pct),
                "previous": metrics.display(metric, alert.previous, alert.brand.currency),
                "current": metrics.display(metric, alert.current, alert.brand.currency),
            }
            subject = _("Alert: %(kpi)s moved %(change)s · %(node)s") % {
                "kpi": metric.label,
                "change": shown["change"],
                "node": node.label(),
            }
            body = render_to_string(
                "reporting/email/alert.txt", {"alert": alert, "metric": metric, "node": node, "person": person, **shown}
            )
        if person.email:
            EmailMultiAlternatives(subject, body, to=[person.email]).send()


# Weekly e-mail ------------------------------------------------------------------------------------


def weekly_report_send(*, user, today: datetime.date | None = None) -> bool:
    """E-mail the user their key figures of the last 7 days (once per week); False if skipped."""
    today = today or timezone.now().date()
    week_start = today - datetime.timedelta(days=today.weekday())
    if not user.email or not user.is_active:
        return False
    if WeeklyDigest.objects.filter(user=user, week_start=week_start).exists():
        return False
    end = today - datetime.timedelta(days=1)
    params = {"start": (end - datetime.timedelta(days=6)).isoformat(), "end": end.isoformat()}
    try:
        report = reports.performance_report(user, params, today=today)
    except Http404:  # a user without a place in the network gets no e-mail
        return False
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        context = {"report": report, "user": user, "site_url": settings.SITE_URL}
        subject = _("Your week in figures · %(node)s") % {"node": report.node.label()}
        text = render_to_string("reporting/email/weekly.txt", context)
        html = render_to_string("reporting/email/weekly.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()
    WeeklyDigest.objects.get_or_create(user=user, week_start=week_start)
    return True
