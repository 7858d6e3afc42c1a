"""The franchisor drills from the brand down to a keyword and back, exports, and asks a question."""

import datetime
from decimal import Decimal

import pytest

from messaging.models import Conversation
from reporting import rollups
from tests.e2e.conftest import log_in
from tests.reporting.factories import ClickFactory, DailyChargeFactory, KeywordFactory, LeadFactory, at

pytestmark = pytest.mark.e2e


@pytest.fixture
def figures(demo_network):
    today = datetime.date.today()
    franchise = demo_network.franchises[0]
    location = next(loc for loc in demo_network.locations if loc.franchise_id == franchise.pk)
    keyword = KeywordFactory(pool__brand=demo_network.brand, text="assurance auto montréal")
    ClickFactory.create_batch(5, keyword=keyword, franchise=franchise, location=location, created_at=at(today, 0))
    LeadFactory(
        franchise=franchise,
        location=location,
        keyword=keyword,
        created_at=at(today, 0),
        status="won",
        revenue=Decimal(900),
        won_at=at(today, 0),
    )
    DailyChargeFactory(keyword=keyword, franchise=franchise, day=today, amount=Decimal("20.00"))
    rollups.refresh()
    return franchise, location, keyword


def test_drill_from_brand_to_keyword_and_back_export_and_ask(page, demo_network, figures):
    franchise, location, keyword = figures
    log_in(page, "franchisor")
    page.click("[data-nav=reports]")
    page.wait_for_selector("[data-page=reports][data-level=brand]")
    assert page.locator("[data-kpi=customers] [data-value]").inner_text() == "1"
    page.click(f"[data-drill=region]:text('{franchise.region.name}')")
    page.wait_for_selector("[data-level=region]")
    page.click(f"[data-drill=franchise]:text('{franchise.name}')")
    page.wait_for_selector("[data-level=franchise]")
    page.click(f"[data-drill=location]:text('{location.name}')")
    page.wait_for_selector("[data-level=location]")
    page.click(f"[data-drill=keyword]:text('{keyword.text}')")
    page.wait_for_selector("[data-level=keyword]")
    assert page.locator("[data-table=report] tbody tr").count() == 1
    # Back to the brand through the breadcrumbs.
    page.click("[data-crumb='1']")
    page.wait_for_selector("[data-level=brand]")

    with page.expect_download() as download:
        page.click("[data-export=csv]")
    assert download.value.suggested_filename.endswith(".csv")

    page.click(f"[data-drill=region]:text('{franchise.region.name}')")
    page.wait_for_selector("[data-level=region]")
    page.click("[data-ask=cost_per_customer]")
    page.fill("[data-kpi=cost_per_customer] textarea", "Pourquoi le coût par client monte-t-il ?")
    page.click("[data-kpi=cost_per_customer] [data-action=send-question]")
    page.wait_for_selector(".messages li.success")
    conversation = Conversation.objects.get()
    assert "/reports/" in conversation.link_url
    assert conversation.context["metric"] == "cost_per_customer"
    assert conversation.context["level"] == "region"
    assert conversation.participants.filter(user__username="region").exists()
