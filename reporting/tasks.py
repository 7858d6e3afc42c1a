"""Celery tasks of the reports: they take ids, reload rows and hand off to services."""

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from network.models import Brand
from reporting import rollups, services
from reporting.models import Alert


@shared_task(name="reporting.refresh_rollups", ignore_result=True)
def refresh_rollups() -> int:
    """Fold new source rows into the rollups (every 30 s); returns how many days changed."""
    return len(rollups.refresh())


@shared_task(name="reporting.recheck_rollups", ignore_result=True)
def recheck_rollups() -> None:
    """Nightly safety net: re-aggregate the last two days of clicks and compare every day's
    fingerprint of the other sources."""
    today = timezone.now().date()
    rollups.recheck_clicks([today - datetime.timedelta(days=1), today])
    rollups.refresh(recheck_all_days=True)


@shared_task(name="reporting.evaluate_alerts", ignore_result=True)
def evaluate_alerts() -> None:
    for brand_id in Brand.objects.values_list("pk", flat=True):
        evaluate_brand_alerts.delay(brand_id)


@shared_task(name="reporting.evaluate_brand_alerts", ignore_result=True)
def evaluate_brand_alerts(brand_id: int) -> None:
    brand = Brand.objects.filter(pk=brand_id).first()
    if brand is None:
        return
    for alert in services.alerts_evaluate(brand=brand):
        transaction.on_commit(lambda pk=alert.pk: notify_alert.delay(pk))


@shared_task(name="reporting.notify_alert", ignore_result=True)
def notify_alert(alert_id: int) -> None:
    alert = Alert.objects.select_related("rule", "brand", "region", "franchise").filter(pk=alert_id).first()
    if alert is not None:
        services.alert_notify(alert=alert)


@shared_task(name="reporting.send_weekly_reports", ignore_result=True)
def send_weekly_reports() -> None:
    users = get_user_model().objects.filter(is_active=True, memberships__isnull=False).distinct()
    for user_id in users.values_list("pk", flat=True):
        send_weekly_report.delay(user_id)


@shared_task(name="reporting.send_weekly_report", ignore_result=True)
def send_weekly_report(user_id: int) -> None:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        services.weekly_report_send(user=user)
