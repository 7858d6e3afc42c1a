"""From an ad click to a lead: the router sends the searcher to the franchisee's page, the
prospect fills in the form, and the franchisee sees the lead and the click counted."""

from decimal import Decimal

import pytest

from budgets import router
from budgets.models import Click, Keyword, Lead, Pool
from tests.budgets.helpers import fund
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_a_franchisee_follows_an_ad_click_to_a_lead_and_sees_it_counted(page, demo_network):
    router.reset()
    franchise = demo_network.users["franchisee"].memberships.get().franchise
    pool = Pool.objects.create(brand=demo_network.brand, name="Campagne commune", slug="campagne")
    Keyword.objects.create(pool=pool, text="grande assurance", group="brand")
    fund(pool, franchise, Decimal("900.00"))
    store = franchise.locations.order_by("pk").first()

    page.goto(f"/go/campagne/?kw=grande+assurance&match=e&gclid=e2e-click-1&device=m&loc={store.postal_code}")
    page.wait_for_selector("[data-page=franchise-page]")
    assert page.url.split("?")[0].endswith(franchise.get_absolute_url())
    assert page.locator(f"[data-store='{store.pk}']").is_visible()
    page.fill("#id_name", "Léa Martin")
    page.fill("#id_email", "lea@example.test")
    page.fill("#id_message", "Une soumission pour mon auto, svp.")
    page.check("#id_consent")
    page.click("[data-form=lead] button[type=submit]")
    page.wait_for_selector("[data-lead-sent]")

    lead = Lead.objects.get(name="Léa Martin")
    assert lead.click == Click.objects.get(click_id="e2e-click-1") and lead.utm_term == "grande assurance"

    log_in(page, "franchisee")
    page.goto("/budgets/leads/")
    assert page.locator(f"[data-lead='{lead.pk}']").is_visible()
    page.goto("/budgets/mine/")
    section = page.locator("[data-pool=campagne]")
    assert section.locator("[data-figure=clicks]").inner_text() == "1"
    assert section.locator("[data-figure=leads]").inner_text() == "1"
    page.click("[data-nav=leads]")
    page.click(f"[data-lead='{lead.pk}'] a")
    page.select_option("#id_status", "won")
    page.fill("#id_revenue", "1250")
    page.click("[data-form=lead-status] button[type=submit]")
    page.wait_for_selector("[data-page=lead]")
    page.goto("/budgets/mine/")
    assert page.locator("[data-pool=campagne] [data-figure=customers]").inner_text() == "1"
