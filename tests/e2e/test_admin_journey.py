"""Admin tasks in the browser, in French: a franchisor grants a listing right on the members
page and takes it back after confirming, sets the approval policy, and adds a store; a
franchisee's home page asks them to call back a lead and leads to it."""

import datetime

import pytest
from django.utils import timezone

from budgets.models import Lead
from network.models import CapabilityGrant, Location
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_a_franchisor_grants_a_listing_right_then_takes_it_back_after_confirming(page, demo_network):
    owner = demo_network.users["franchisee"]
    store = Location.objects.filter(franchise=owner.memberships.get().franchise).order_by("pk").first()
    log_in(page, "franchisor")
    page.click("[data-nav=members]")
    assert page.locator("h2#rights").inner_text() == "Droits sur les fiches"
    form = page.locator("[data-form=grant-right]")
    form.locator("select[name=user]").select_option(str(owner.pk))
    form.locator("select[name=capability]").select_option("manage_photos")
    form.locator("select[name=node]").select_option(f"location:{store.pk}")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messages li.success")
    assert "peut désormais : Gérer les photos" in page.locator(".messages").inner_text()
    grant = CapabilityGrant.objects.get(user=owner, capability="manage_photos", location=store)
    page.click(f"[data-grant='{grant.pk}'] [data-action=revoke-right]")
    page.wait_for_selector("[data-page=confirm]")
    assert page.locator("h1").inner_text() == "Retirer ce droit sur les fiches ?"
    page.click("[data-action=confirm]")
    page.wait_for_selector(".messages li.success")
    assert page.locator(".messages").inner_text().strip() == "Droit sur les fiches retiré."
    assert not CapabilityGrant.objects.filter(pk=grant.pk).exists()


def test_a_franchisor_turns_on_approval_then_adds_a_store(page, demo_network):
    brand = demo_network.brand
    franchise = demo_network.franchises[0]
    log_in(page, "franchisor")
    page.click("[data-nav=network]")
    page.click("[data-action=approval-policy]")
    assert page.locator("h1").inner_text() == "Approbation des modifications de fiches"
    page.check("input[name=requires_listing_approval]")
    page.click("[data-form=approval-policy] button[type=submit]")
    page.wait_for_selector("[data-policy=on]")
    brand.refresh_from_db()
    assert brand.requires_listing_approval is True

    page.click("[data-nav=network]")
    page.click("[data-action=add-store]")
    form = page.locator("[data-form=store]")
    form.locator("select[name=franchise]").select_option(str(franchise.pk))
    form.locator("input[name=name]").fill("Grande Assurance Laval")
    form.locator("input[name=street_address]").fill("1 boulevard Le Corbusier")
    form.locator("input[name=postal_code]").fill("H7S 1Z2")
    form.locator("input[name=city]").fill("Laval")
    form.locator("input[name=phone]").fill("450 555 0100")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messages li.success")
    assert "Point de vente « Grande Assurance Laval » ajouté" in page.locator(".messages").inner_text()
    store = Location.objects.get(name="Grande Assurance Laval")
    assert page.url.endswith(f"/listings/stores/{store.pk}/")
    assert store.franchise == franchise and store.phone == "+14505550100"


def test_a_franchisees_home_asks_to_call_back_a_lead_and_leads_to_it(page, demo_network):
    owner = demo_network.users["franchisee"]
    lead = Lead.objects.create(
        brand=demo_network.brand,
        franchise=owner.memberships.get().franchise,
        name="Léa Tremblay",
        phone="+15145550111",
        created_at=timezone.now() - datetime.timedelta(days=2),
    )
    log_in(page, "franchisee")
    actions = page.locator("[data-section=actions]")
    assert actions.locator("h2").inner_text() == "Ce qui vous attend"
    item = actions.locator("[data-action-kind=lead]")
    assert "Prospect à rappeler : Léa Tremblay" in item.inner_text()
    assert "il y a 2" in item.inner_text()
    item.locator("a").click()
    page.wait_for_url(f"**/budgets/leads/{lead.pk}/")
