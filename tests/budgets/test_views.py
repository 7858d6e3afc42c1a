"""Screens: the franchisor's pool pages, rounds, the franchisee's budget, leads, the simulator."""

from decimal import Decimal

import pytest

from budgets.models import Lead, Pledge
from budgets.simulation import simulate

pytestmark = pytest.mark.django_db


def _client(client, world, role):
    client.force_login(world.users[role])
    return client


def test_the_franchisor_sees_tracking_templates_pacing_and_reconciliation(client, world):
    html = _client(client, world, "franchisor").get(f"/budgets/pools/{world.poolA.pk}/").content.decode()
    assert "{keyword}" in html and "{msclkid}" in html and "/go/alpha-pool/" in html
    assert 'data-table="reconciliation"' in html


def test_a_franchisee_sees_the_pool_but_not_its_management(client, world):
    response = _client(client, world, "franchisee").get(f"/budgets/pools/{world.poolA.pk}/")
    assert response.status_code == 200 and 'data-table="reconciliation"' not in response.content.decode()
    assert client.get(f"/budgets/pools/{world.poolB.pk}/").status_code == 404
    assert client.post(f"/budgets/pools/{world.poolA.pk}/keywords/", {"text": "x", "group": "broad"}).status_code == 403


def test_a_pool_manager_adds_keywords_and_opens_rounds_from_the_screen(client, world):
    c = _client(client, world, "marketing")
    c.post(f"/budgets/pools/{world.poolA.pk}/keywords/", {"text": "Assurance Habitation", "group": "broad"})
    assert world.poolA.keywords.filter(text="assurance habitation").exists()
    c.post(
        f"/budgets/pools/{world.poolA.pk}/rounds/",
        {"month": world.future_month.isoformat(), "suggested_amount": "250"},
    )
    assert world.poolA.periods.get(start=world.future_month).contribution_round.pledges.count() == 3


def test_the_franchisee_answers_its_pledge_and_everyone_sees_participation(client, world):
    c = _client(client, world, "franchisee")
    c.post(f"/budgets/pledges/{world.pledge_F1.pk}/", {"decision": "change", "amount": "275.50"})
    pledge = Pledge.objects.get(pk=world.pledge_F1.pk)
    assert (pledge.status, pledge.amount) == ("changed", Decimal("275.50"))
    assert c.post(f"/budgets/pledges/{world.pledge_F2.pk}/", {"decision": "accept"}).status_code == 403
    html = _client(client, world, "franchisee2").get(f"/budgets/rounds/{world.roundA.pk}/").content.decode()
    assert "1 / 3" in html


def test_my_budget_shows_contribution_balance_clicks_and_leads(client, world):
    html = _client(client, world, "franchisee").get("/budgets/mine/").content.decode()
    assert 'data-figure="contribution">$200.00' in html and 'data-figure="clicks">1' in html


def test_the_franchisee_works_a_lead_to_won(client, world):
    c = _client(client, world, "franchisee")
    assert "ana" in c.get("/budgets/leads/").content.decode()
    c.post(f"/budgets/leads/{world.lead_F1.pk}/", {"status": "won", "revenue": "1500"})
    assert Lead.objects.get(pk=world.lead_F1.pk).revenue == Decimal("1500.00")
    assert c.get(f"/budgets/leads/{world.lead_F2.pk}/").status_code == 404


def test_the_listings_editor_has_no_budget_screens(client, world):
    c = _client(client, world, "listings")
    assert c.get("/budgets/pools/").status_code == 403
    assert c.get("/budgets/mine/").status_code == 403


def test_the_pooling_simulator_compares_the_three_scenarios(client, world):
    compete, head_office, pool = simulate(cpc=Decimal("1.20"), franchisees=40, budget=Decimal("300"))
    assert compete.cpc > head_office.cpc == pool.cpc == Decimal("1.20")
    assert pool.clicks > compete.clicks and pool.clicks_per_franchisee > 0 == head_office.clicks_per_franchisee
    html = _client(client, world, "franchisor").get("/budgets/simulator/?cpc=1.20&franchisees=40&budget=300")
    assert 'data-scenario="pool"' in html.content.decode()
