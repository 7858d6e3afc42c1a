"""Franchise pages, the store locator, lead capture (spam, rate limit, e-mail) and lead work."""

import json
import re

import pytest
from django.core import mail
from django.core.cache import cache

from budgets.leads import lead_update
from budgets.models import CallTap, Lead
from franchise_platform.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


def _lead_data(**extra):
    return {
        "name": "Léa Martin",
        "email": "lea@example.test",
        "phone": "",
        "message": "Un devis auto",
        "consent": "on",
        **extra,
    }


def test_the_franchise_page_shows_its_stores_json_ld_and_a_lead_form_with_utm_fields(client, world):
    world.F1.email = "f1@example.test"
    world.F1.save()
    response = client.get("/alpha/f1/?utm_source=google&utm_term=alpha+assurance&click=c-f1")
    assert response.status_code == 200
    html = response.content.decode()
    assert world.L1.street_address in html and f"tel:{world.L1.phone}" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert "InsuranceAgency" in data[0]["@type"] and data[0]["address"]["postalCode"] == world.L1.postal_code
    assert 'name="utm_term" value="alpha assurance"' in html and 'name="click_ref" value="c-f1"' in html


def test_unknown_brand_or_franchise_is_a_404(client, world):
    assert client.get("/alpha/nope/").status_code == 404
    assert client.get("/nobrand/").status_code == 404


def test_the_store_locator_searches_by_postal_code_or_city(client, world):
    assert world.L1.name in client.get("/alpha/?q=H2X").content.decode()
    assert world.L1.name in client.get("/alpha/?q=Montr").content.decode()
    unknown = client.get("/alpha/?q=Paris").content.decode()
    assert "data-not-placed" in unknown and world.L1.name in unknown  # all stores, and why
    assert world.M1.name not in client.get("/alpha/").content.decode()  # other brand


def test_a_lead_is_stored_with_its_click_and_e_mailed_to_the_franchise(
    client, world, django_capture_on_commit_callbacks
):
    world.F1.email = "f1@example.test"
    world.F1.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/alpha/f1/lead/", _lead_data(click_ref="c-f1", utm_term="alpha assurance"))
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    lead = Lead.objects.get(name="Léa Martin")
    assert (lead.franchise, lead.click, lead.keyword, lead.status) == (world.F1, world.click_F1, world.kwA, "new")
    assert lead.utm_term == "alpha assurance"
    assert mail.outbox[-1].to == ["f1@example.test"] and "Léa Martin" in mail.outbox[-1].body


def test_the_honeypot_keeps_nothing_and_invalid_forms_are_a_400(client, world):
    before = Lead.objects.count()
    assert client.post("/alpha/f1/lead/", _lead_data(website="http://spam")).status_code == 302
    assert client.post("/alpha/f1/lead/", _lead_data(consent="")).status_code == 400
    assert client.post("/alpha/f1/lead/", _lead_data(email="", phone="")).status_code == 400
    assert client.post("/alpha/f1/lead/", _lead_data(name="\x00" * 5000)).status_code == 400
    assert Lead.objects.count() == before


def test_too_many_leads_from_one_connection_are_refused(client, world):
    statuses = [client.post("/alpha/f1/lead/", _lead_data()).status_code for _ in range(7)]
    assert statuses[:5] == [302] * 5 and statuses[5:] == [429, 429]


def test_a_tap_on_click_to_call_is_counted(client, world):
    assert client.post("/alpha/f1/call/", {"location": world.L1.pk, "click": "c-f1"}).status_code == 200
    assert CallTap.objects.get().location == world.L1


def test_a_won_lead_needs_revenue_and_only_its_franchise_works_it(world):
    with pytest.raises(DomainError):
        lead_update(actor=world.users["franchisee"], lead=world.lead_F1, status="won")
    lead = lead_update(actor=world.users["franchisee"], lead=world.lead_F1, status="won", revenue="900")
    assert lead.won_at and lead.revenue == 900
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        lead_update(actor=world.users["franchisee2"], lead=world.lead_F1, status="lost")
