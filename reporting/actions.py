"""What the reports ask of a user on the home page (network.actions): KPIs behind their goal,
and unread questions about a KPI. A constant number of queries whatever the data."""

import datetime
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from messaging.selectors import conversation_list
from network.actions import Action, More, take
from network.models import Level, Role
from reporting import metrics, selectors
from reporting.metrics import REGISTRY
from reporting.models import Goal


def off_goal(metric, value: Decimal | None, target: Decimal, elapsed: int, days: int) -> Decimal | None:
    """What the KPI should be by now when it is behind its goal, else None. Amounts and counts
    are summed over the goal's days so far and compared with the target's share for those
    days; ratios (cost per customer, ROI...) are compared with the target itself."""
    if value is None:
        return None
    expected = target if metric.is_ratio else target * elapsed / days
    behind = value < expected if metric.higher_is_better else value > expected
    return expected if behind else None


def _goal_node(user) -> selectors.Node | None:
    """The brand or region whose figures the user answers for (reporting.services.responsible_for)."""
    mine = user.memberships.filter(
        Q(level=Level.BRAND, role__in=[Role.FRANCHISOR_ADMIN, Role.FRANCHISOR_MARKETING])
        | Q(level=Level.REGION, role=Role.REGION_MANAGER)
    )
    membership = mine.select_related("brand", "region").order_by("level", "pk").first()
    if membership is not None:
        return selectors.Node(brand=membership.brand, region=membership.region)
    if user.is_superuser:
        try:
            return selectors.default_node(user, "brand")
        except Http404:
            return None
    return None


def goals(user, now) -> list:
    """The goals in force today of the user's own node (a brand or a region) that are behind."""
    today = timezone.localdate(now)
    node = _goal_node(user)
    if node is None:
        return []
    in_force = Goal.objects.filter(brand=node.brand, period_start__lte=today, period_end__gte=today)
    in_force = list(in_force.filter(region=node.region) if node.region else in_force.filter(region__isnull=True))
    if not in_force:
        return []
    days = selectors.daily_totals(node, min(goal.period_start for goal in in_force), today)
    label, url = _("Goal"), reverse("reports")
    actions = []
    for goal in in_force:
        metric = REGISTRY[goal.metric]
        totals = {m: Decimal(0) for m in metrics.BASE_MEASURES}
        for day, row in days.items():
            if day >= goal.period_start:
                for measure, value in row.items():
                    if value is not None:
                        totals[measure] += value
        value = metrics.compute(goal.metric, totals)
        elapsed = (today - goal.period_start).days + 1
        expected = off_goal(metric, value, goal.target, elapsed, (goal.period_end - goal.period_start).days + 1)
        if expected is None:
            continue
        actions.append(
            Action(
                "goal",
                label,
                _("%(kpi)s behind its goal: %(value)s, %(expected)s expected by today")
                % {
                    "kpi": metric.label,
                    "value": metrics.display(metric, value),
                    "expected": metrics.display(metric, expected),
                },
                url,
                datetime.datetime.combine(today, datetime.time.min, tzinfo=datetime.UTC),
                _("Goal %(target)s from %(start)s to %(end)s · %(node)s")
                % {
                    "target": metrics.display(metric, goal.target),
                    "start": formats.date_format(goal.period_start, "SHORT_DATE_FORMAT"),
                    "end": formats.date_format(goal.period_end, "SHORT_DATE_FORMAT"),
                    "node": node.label(),
                },
            )
        )
    return actions


def questions(user, now) -> list:
    """Conversations about a KPI with messages the user has not read."""
    unread = conversation_list(user=user).filter(unread__gt=0, context__kind="kpi")
    rows, total = take(unread)
    label = _("Question")
    actions = [
        Action(
            "question",
            label,
            conversation.subject,
            reverse("messaging-conversation", args=[conversation.pk]),
            conversation.last_message_at,
        )
        for conversation in rows
    ]
    return actions + ([More("question", label, total, reverse("messaging-index"))] if total > len(rows) else [])


def register_actions() -> None:
    from network.actions import register

    register("reporting.goals", goals)
    register("reporting.questions", questions)
