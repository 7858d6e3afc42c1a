"""Report pages: role scoping of every level, drill-down, exports, questions, goals."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from openpyxl import load_workbook

from messaging.models import Conversation
from reporting import rollups
from reporting.models import Goal
from tests.reporting.factories import ClickFactory, DailyChargeFactory, LeadFactory, ListingStatsFactory, at

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
PERIOD = f"start={TODAY - datetime.timedelta(days=6)}&end={TODAY}"


@pytest.fixture
def figures(world, keyword):
    ClickFactory.create_batch(4, keyword=keyword, franchise=world.F1, location=world.L1, created_at=at(TODAY))
    ClickFactory.create_batch(2, keyword=keyword, franchise=world.F2, location=world.L2, created_at=at(TODAY))
    ClickFactory(keyword=keyword, franchise=None, created_at=at(TODAY))
    LeadFactory(franchise=world.F1, location=world.L1, keyword=keyword, created_at=at(TODAY))
    LeadFactory(
        franchise=world.F1,
        location=world.L1,
        keyword=keyword,
        created_at=at(TODAY),
        status="won",
        revenue=Decimal("1200.00"),
        won_at=at(TODAY),
    )
    DailyChargeFactory(keyword=keyword, franchise=world.F1, day=TODAY, impressions=400, amount=Decimal("30.00"))
    DailyChargeFactory(keyword=keyword, franchise=world.F2, day=TODAY, impressions=200, amount=Decimal("15.00"))
    ListingStatsFactory(location=world.L1, day=TODAY, calls=7)
    rollups.refresh()
    return world


def get(client, world, role, query=""):
    client.force_login(world.users[role])
    return client.get(f"/reports/?{PERIOD}&{query}")


def kpi(response, key):
    return next(
        k for k in response.context["report"].first_row + response.context["report"].second_row if k.metric.key == key
    )


def test_the_franchisor_sees_the_whole_brand_in_business_terms_first(client, figures):
    response = get(client, figures, "franchisor")
    assert response.status_code == 200
    report = response.context["report"]
    assert report.level == "brand"
    assert [k.metric.key for k in report.first_row][:3] == ["customers", "cost_per_customer", "roi"]
    assert kpi(response, "customers").value == 1
    assert kpi(response, "cost_per_customer").value == Decimal(45)
    assert kpi(response, "clicks").value == 7
    labels = {row.label for row in report.rows}
    assert {"North", "South", "Franchisor (store locator)"} <= labels


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        ("franchisor", "region=A1", 200),
        ("region", "region=A1", 200),
        ("region", "region=A2", 404),
        ("franchisee", "region=A1", 404),
        ("franchisee", "franchise=F1", 200),
        ("franchisee", "franchise=F2", 404),
        ("franchisee2", "franchise=F1", 404),
        ("region", "franchise=F2", 404),
        ("franchisee", "location=L1", 200),
        ("franchisee", "location=L2", 404),
        ("franchisor", "brand=B", 404),
        ("region", "brand=A", 404),
        ("listings", "brand=A", 200),
    ],
)
def test_every_level_is_scoped_to_the_role(client, figures, role, target, status):
    name, attr = target.split("=")
    response = get(client, figures, role, f"{name}={getattr(figures, attr).pk}")
    assert response.status_code == status


def test_a_keyword_of_a_store_outside_scope_is_a_404(client, figures, keyword):
    response = get(client, figures, "franchisee", f"location={figures.L2.pk}&keyword={keyword.pk}")
    assert response.status_code == 404


def test_a_franchisee_sees_their_franchise_and_only_the_anonymous_region_median(client, figures):
    response = get(client, figures, "franchisee")
    report = response.context["report"]
    assert report.level == "franchise" and report.node.franchise == figures.F1
    assert kpi(response, "clicks").median is not None
    content = response.content.decode()
    assert figures.F3.name not in content and figures.F2.name not in content
    share = report.shares["share_of_contribution"]  # from the budgets ledger of the world's pool
    assert share is not None and 0 < share <= 100
    assert report.shares["share_of_clicks"] == Decimal(4) * 100 / 7


def test_drilling_from_the_brand_down_to_the_days_of_a_keyword(client, figures, keyword):
    client.force_login(figures.users["franchisor"])
    steps = [f"region={figures.A1.pk}", f"franchise={figures.F1.pk}", f"location={figures.L1.pk}"]
    for query in steps:
        assert client.get(f"/reports/?{PERIOD}&{query}").status_code == 200
    response = client.get(f"/reports/?{PERIOD}&location={figures.L1.pk}&keyword={keyword.pk}")
    report = response.context["report"]
    assert report.level == "keyword" and report.child_level == "day"
    assert [row.label for row in report.rows] == [TODAY.isoformat()]
    assert kpi(response, "cost").value is None  # cost is not split by store
    assert len(report.breadcrumbs) == 5


def test_tables_sort_by_any_metric(client, figures):
    response = get(client, figures, "franchisor", f"region={figures.A1.pk}&sort=clicks&dir=asc")
    clicks = [row.values["clicks"] for row in response.context["report"].rows]
    assert clicks == sorted(clicks)


def test_bad_dates_are_a_message_not_an_error(client, figures):
    client.force_login(figures.users["franchisor"])
    response = client.get("/reports/?start=2026-13-01")
    assert response.status_code == 200


def test_csv_and_xlsx_exports_carry_the_rows_of_the_view(client, figures):
    client.force_login(figures.users["region"])
    csv_text = client.get(f"/reports/export.csv?{PERIOD}").content.decode("utf-8-sig")
    assert figures.F1.name in csv_text and figures.F2.name not in csv_text
    book = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{PERIOD}").content))
    cells = [c.value for row in book.active.iter_rows() for c in row]
    assert figures.F1.name in cells
    assert client.get("/reports/export.pdf").status_code == 404


def test_asking_about_a_kpi_opens_a_conversation_with_the_franchisee(client, figures):
    client.force_login(figures.users["region"])
    link = f"/reports/?franchise={figures.F1.pk}"
    response = client.post(
        "/reports/ask/",
        {"franchise": figures.F1.pk, "metric": "cost_per_customer", "body": "Pourquoi ?", "link": link},
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.link_url == link
    assert set(conversation.participants.values_list("user__username", flat=True)) == {"region", "franchisee"}
    assert conversation.context["metric"] == "cost_per_customer"


def test_a_franchisee_asking_about_their_own_figures_reaches_the_region_manager(client, figures):
    client.force_login(figures.users["franchisee"])
    client.post("/reports/ask/", {"franchise": figures.F1.pk, "metric": "leads", "body": "?"})
    assert set(Conversation.objects.get().participants.values_list("user__username", flat=True)) == {
        "franchisee",
        "region",
    }


def test_nobody_asks_about_a_franchise_outside_their_scope(client, figures):
    client.force_login(figures.users["franchisee2"])
    response = client.post("/reports/ask/", {"franchise": figures.F1.pk, "metric": "leads", "body": "?"})
    assert response.status_code == 404
    assert not Conversation.objects.exists()


def test_the_franchisor_sets_goals_and_sees_progress(client, figures):
    client.force_login(figures.users["franchisor"])
    response = client.post(
        "/reports/goals/",
        {
            "form": "goal",
            "metric": "customers",
            "period_start": TODAY - datetime.timedelta(30),
            "period_end": TODAY + datetime.timedelta(30),
            "target": "4",
        },
    )
    assert response.status_code == 302
    assert Goal.objects.get().target == 4
    assert kpi(get(client, figures, "franchisor"), "customers").progress == 25
    client.force_login(figures.users["region"])
    assert client.get("/reports/goals/").status_code in (403, 404)


def test_the_tv_mode_refreshes_itself(client, figures):
    client.force_login(figures.users["franchisor"])
    response = client.get("/reports/tv/")
    assert b'http-equiv="refresh"' in response.content


def test_the_listings_editor_sees_listing_kpis(client, figures):
    response = get(client, figures, "listings")
    report = response.context["report"]
    assert [k.metric.key for k in report.first_row][:2] == ["views", "calls"]
    assert kpi(response, "calls").value == 7
    assert not mail.outbox


@pytest.mark.parametrize("role", ["franchisor", "region", "franchisee"])
def test_reports_never_read_the_raw_clicks_leads_or_costs(client, figures, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(figures.users[role])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/reports/?{PERIOD}").status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("budgets_click", "budgets_lead", "budgets_dailycharge", "listings_listingdailystats"):
        assert table not in sql
    assert len(queries.captured_queries) <= 25


def test_the_first_row_section_for_the_home_dashboard_renders_for_each_role(rf, figures):
    from django.template.loader import render_to_string

    for role in ("franchisor", "region", "franchisee", "listings", "staffb"):
        request = rf.get("/")
        request.user = figures.users[role]
        html = render_to_string("reporting/dashboard_section.html", {"request": request})
        assert 'data-section="reports"' in html


def test_the_rows_of_every_level_add_up_to_its_total(figures, keyword):
    from reporting import reports, selectors

    user = figures.users["franchisor"]
    start = f"{TODAY - datetime.timedelta(days=6)}"
    for params in (
        {},
        {"region": figures.A1.pk},
        {"region": figures.A2.pk},
        {"location": figures.L1.pk},
        {"location": figures.L1.pk, "keyword": keyword.pk},
    ):
        report = reports.performance_report(user, {**params, "start": start, "end": f"{TODAY}"})
        assert report.totals == selectors.totals_for(report.node, report.period.start, report.period.end), params
