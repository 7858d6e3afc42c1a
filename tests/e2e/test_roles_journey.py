"""Each demo role logs in, sees its dashboard, and only the navigation it may use."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

NAV_BY_ROLE = {
    "franchisor": {"dashboard", "network", "members", "audit"},
    "marketing": {"dashboard", "network"},
    "region": {"dashboard", "network", "members"},
    "franchisee": {"dashboard", "network"},
    "franchisee2": {"dashboard", "network"},
    "listings": {"dashboard", "network", "members"},  # listing rights are granted on the members page
}
FOUNDATION_NAV = {"dashboard", "network", "members", "audit", "api", "admin"}


@pytest.mark.parametrize("username", sorted(NAV_BY_ROLE))
def test_each_role_sees_its_dashboard_and_only_its_navigation(page, demo_network, username):
    log_in(page, username)
    nav = set(page.eval_on_selector_all("[data-nav]", "links => links.map(a => a.dataset.nav)"))
    assert nav & FOUNDATION_NAV == NAV_BY_ROLE[username]
    assert page.locator("[data-role]").count() >= 1
    # A page outside the role is refused, not shown.
    if "members" not in NAV_BY_ROLE[username]:
        response = page.goto("/members/")
        assert response.status == 403


def test_a_franchisee_sees_only_their_own_franchise(page, demo_network):
    log_in(page, "franchisee")
    page.goto("/network/")
    rows = page.locator("[data-franchise]")
    assert rows.count() == 1
    own = demo_network.users["franchisee"].memberships.get().franchise
    assert rows.first.get_attribute("data-franchise") == own.slug
    other = demo_network.users["franchisee2"].memberships.get().franchise
    assert page.goto(f"/network/franchises/{other.pk}/").status == 404


def test_switching_language_to_english_and_back(page, demo_network):
    log_in(page, "franchisee")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("[data-nav=dashboard]").inner_text() == "Tableau de bord"
    page.click("[data-lang=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("[data-nav=dashboard]").inner_text() == "Dashboard"
    # The choice is kept on the account: a new page load stays in English.
    page.goto("/network/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("[data-lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    assert page.locator("[data-nav=dashboard]").inner_text() == "Tableau de bord"
