import pytest

from network.demo import seed_network
from reporting import demo, reports
from reporting.models import FranchiseDayRollup, Goal

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_role_a_dashboard_full_of_figures_and_is_idempotent():
    network = seed_network(password="demo-pass-2026")
    demo.seed(network)
    rows = FranchiseDayRollup.objects.count()
    demo.seed(network)
    assert FranchiseDayRollup.objects.count() == rows > 0
    assert Goal.objects.count() == 4
    for username in ("franchisor", "region", "franchisee", "listings"):
        report = reports.performance_report(network.users[username], {})
        assert report.first_row[0].value, username
