"""Export, erasure on request and retention of leads' personal data; figures stay for reports."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.test import override_settings
from django.utils import timezone

from budgets.models import Click, Lead, Pool
from network.models import AuditLog
from privacy import services
from privacy.services import LEAD_PERSONAL_FIELDS
from privacy.tasks import enforce_retention
from tests.privacy.world import make_lead


def test_a_franchise_owner_exports_their_leads_data(world):
    data = services.lead_export(actor=world.users["franchisee"], lead=world.privacy_lead_F1)
    assert data["email"] == "marie@example.test"
    assert data["utm_term"] == "marie@example.test"
    assert data["revenue"] == "1250.00"
    assert data["franchise"] == world.F1.name
    assert AuditLog.objects.filter(action="privacy.lead_export", target_id=str(world.privacy_lead_F1.pk)).exists()


def test_the_neighbours_owner_may_not_export_it(world):
    with pytest.raises(PermissionDenied):
        services.lead_export(actor=world.users["franchisee2"], lead=world.privacy_lead_F1)


def test_erasure_blanks_personal_data_and_keeps_the_figures(world):
    lead = world.privacy_lead_F1
    before = Lead.objects.filter(franchise=world.F1).aggregate(n=Count("id"), revenue=Sum("revenue"))
    erased = services.lead_erase(actor=world.users["franchisor"], lead=lead)
    for field in LEAD_PERSONAL_FIELDS:
        assert getattr(erased, field) == "", field
    assert erased.status == "won"
    assert erased.revenue == Decimal("1250.00")
    assert erased.created_at == lead.created_at
    assert erased.franchise_id == world.F1.pk
    assert Lead.objects.filter(franchise=world.F1).aggregate(n=Count("id"), revenue=Sum("revenue")) == before
    entry = AuditLog.objects.get(action="privacy.lead_erase")
    assert entry.target_id == str(lead.pk)
    assert "marie" not in entry.summary.lower()
    # Idempotent: a second request records nothing more.
    services.lead_erase(actor=world.users["franchisor"], lead=erased)
    assert AuditLog.objects.filter(action="privacy.lead_erase").count() == 1


def test_erasure_clears_the_leads_click_identifiers(world):
    pool = Pool.objects.create(brand=world.A, name="Pool", slug="privacy-pool")
    click = Click.objects.create(pool=pool, click_id="gclid-xyz", place="Montréal H2X", keyword_text="plombier")
    lead = make_lead(world.A, world.F1, click=click)
    services.lead_erase(actor=world.users["franchisee"], lead=lead)
    click.refresh_from_db()
    assert (click.click_id, click.place, click.keyword_text) == ("", "", "plombier")


@override_settings(PRIVACY_LEAD_RETENTION_DAYS=365, PRIVACY_CLICK_RETENTION_DAYS=30)
def test_the_retention_job_anonymises_old_leads_only(world):
    old = make_lead(world.A, world.F1, created_at=timezone.now() - timedelta(days=400), revenue=Decimal("99.00"))
    enforce_retention.delay()
    old.refresh_from_db()
    assert all(getattr(old, field) == "" for field in LEAD_PERSONAL_FIELDS)
    assert old.revenue == Decimal("99.00")
    world.privacy_lead_F1.refresh_from_db()
    assert world.privacy_lead_F1.email == "marie@example.test"
    assert services.enforce_retention()["leads"] == 0  # nothing left to do


def test_the_retention_job_runs_daily():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["privacy.enforce_retention"]["task"] == "privacy.enforce_retention"
    assert settings.PRIVACY_LEAD_RETENTION_DAYS > 0
    assert settings.PRIVACY_CLICK_RETENTION_DAYS > 0


def test_the_api_exports_and_erases_for_the_owner(api_client, world):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['franchisee']}")
    lead = world.privacy_lead_F1
    export = api_client.get(f"/api/v1/privacy/leads/{lead.pk}/export/")
    assert export.status_code == 200
    assert export.json()["name"] == "Marie Tremblay"
    erase = api_client.post(f"/api/v1/privacy/leads/{lead.pk}/erase/")
    assert erase.status_code == 200
    assert erase.json() == {"id": lead.pk, "erased": True}
    assert api_client.get(f"/api/v1/privacy/leads/{lead.pk}/export/").json()["email"] == ""


@override_settings(PRIVACY_CLICK_RETENTION_DAYS=30)
def test_the_retention_job_clears_old_clicks_identifiers_and_keeps_the_click(world):
    pool = Pool.objects.create(brand=world.A, name="Pool", slug="privacy-pool")
    old = Click.objects.create(
        pool=pool, click_id="gclid-old", place="Laval", created_at=timezone.now() - timedelta(days=31)
    )
    recent = Click.objects.create(pool=pool, click_id="gclid-new", place="Laval")
    assert services.enforce_retention()["clicks"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.click_id, old.place) == ("", "")
    assert (recent.click_id, recent.place) == ("gclid-new", "Laval")
    assert Click.objects.filter(pool=pool).count() == 2
