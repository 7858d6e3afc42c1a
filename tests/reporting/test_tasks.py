"""Alerts, their notification, the weekly e-mail and the rollup task."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from reporting import rollups, selectors, services, tasks
from reporting.models import Alert, AlertRule, FranchiseDayRollup, WeeklyDigest
from tests.reporting.factories import ClickFactory, LeadFactory, at

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def won(world, franchise, day, n):
    for _ in range(n):
        LeadFactory(franchise=franchise, created_at=at(day), status="won", revenue=Decimal(100), won_at=at(day))


@pytest.fixture
def sales_down(world):
    """F1 won 10 customers the week before last and 5 last week: sales down 50%."""
    won(world, world.F1, TODAY - datetime.timedelta(days=10), 10)
    won(world, world.F1, TODAY - datetime.timedelta(days=3), 5)
    rollups.refresh(today=TODAY)
    AlertRule.objects.create(brand=world.A, metric="customers", threshold_pct=Decimal(10), min_volume=5)
    return world


def test_a_kpi_moving_past_its_threshold_raises_an_alert_for_the_franchise_its_region_and_the_brand(sales_down):
    w = sales_down
    alerts = services.alerts_evaluate(brand=w.A, today=TODAY)
    assert {(a.level, a.franchise_id) for a in alerts} == {("brand", None), ("region", None), ("franchise", w.F1.pk)}
    franchise_alert = next(a for a in alerts if a.level == "franchise")
    assert franchise_alert.change_pct == Decimal("-50.00")
    # Running again raises nothing new.
    assert services.alerts_evaluate(brand=w.A, today=TODAY) == []


def test_the_responsible_people_are_notified_and_see_the_alert(sales_down):
    w = sales_down
    alert = next(a for a in services.alerts_evaluate(brand=w.A, today=TODAY) if a.level == "franchise")
    services.alert_notify(alert=alert)
    services.alert_notify(alert=alert)
    assert [m.to for m in mail.outbox] == [["franchisee@example.test"]]
    assert alert in selectors.alerts_for(w.users["franchisee"], selectors.default_node(w.users["franchisee"]))
    assert alert not in selectors.alert_list(user=w.users["franchisee2"])
    assert alert in selectors.alert_list(user=w.users["region"])


def test_an_improvement_raises_no_alert(world):
    won(world, world.F1, TODAY - datetime.timedelta(days=10), 5)
    won(world, world.F1, TODAY - datetime.timedelta(days=3), 10)
    rollups.refresh(today=TODAY)
    AlertRule.objects.create(brand=world.A, metric="customers", threshold_pct=Decimal(10))
    assert services.alerts_evaluate(brand=world.A, today=TODAY) == []


def test_a_drop_from_one_customer_to_none_raises_no_alert_below_the_minimum_volume(world):
    """-100 % from 1 to 0 is noise, not news: the brand's minimum volume (20 by default) filters it."""
    won(world, world.F1, TODAY - datetime.timedelta(days=10), 1)
    rollups.refresh(today=TODAY)
    AlertRule.objects.create(brand=world.A, metric="customers", threshold_pct=Decimal(10))
    assert services.alerts_evaluate(brand=world.A, today=TODAY) == []


def test_the_brand_sets_the_threshold_and_the_minimum_volume_from_the_goals_page(client, world):
    client.force_login(world.users["franchisor"])
    response = client.post(
        "/reports/goals/", {"form": "rule", "metric": "customers", "threshold_pct": "25", "min_volume": "8"}
    )
    assert response.status_code == 302
    rule = AlertRule.objects.get(brand=world.A, metric="customers")
    assert (rule.threshold_pct, rule.min_volume) == (Decimal("25.00"), 8)
    won(world, world.F1, TODAY - datetime.timedelta(days=10), 10)
    won(world, world.F1, TODAY - datetime.timedelta(days=3), 8)  # -20 %: under the 25 % threshold
    rollups.refresh(today=TODAY)
    assert services.alerts_evaluate(brand=world.A, today=TODAY) == []


def test_the_alert_tasks_run_end_to_end(sales_down):
    tasks.evaluate_alerts()
    assert Alert.objects.count() >= 1


def test_the_weekly_email_carries_each_user_s_key_figures_in_html_once(sales_down):
    w = sales_down
    assert services.weekly_report_send(user=w.users["franchisee"], today=TODAY) is True
    assert services.weekly_report_send(user=w.users["franchisee"], today=TODAY) is False
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "data-weekly" in html and w.F1.name in message.subject
    assert WeeklyDigest.objects.count() == 1


def test_the_weekly_task_sends_one_mail_per_user_with_a_role(world):
    tasks.send_weekly_reports()
    assert len(mail.outbox) == len(world.users)


def test_the_refresh_task_shows_new_clicks(world, keyword):
    ClickFactory(keyword=keyword, franchise=world.F1, created_at=at(datetime.date.today()))
    tasks.refresh_rollups()
    assert FranchiseDayRollup.objects.get(franchise_id=world.F1.pk).clicks == 1
    tasks.recheck_rollups()
    assert FranchiseDayRollup.objects.get(franchise_id=world.F1.pk).clicks == 1
