"""The audit log records from where (anonymised) and stays append-only."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from network.audit import audit
from network.models import AuditLog

UA = "Mozilla/5.0 (X11; Linux x86_64) Test"


def test_an_invitation_over_the_api_records_the_anonymised_address_and_user_agent(api_client, world):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['franchisor']}")
    response = api_client.post(
        "/api/v1/invitations/",
        {"email": "new-one@example.test", "role": "franchisee_staff", "franchise": world.F1.pk},
        format="json",
        REMOTE_ADDR="203.0.113.57",
        HTTP_USER_AGENT=UA,
    )
    assert response.status_code == 201, response.json()
    entry = AuditLog.objects.get(action="invitation.create")
    assert entry.data["source"] == {"address": "203.0.113.0", "user_agent": UA}
    assert "203.0.113.57" not in str(entry.data)

    listing = api_client.get("/api/v1/audit-log/", {"action": "invitation.create"})
    assert listing.status_code == 200
    assert listing.json()["results"][0]["data"]["source"]["address"] == "203.0.113.0"


def test_a_role_grant_from_an_ipv6_client_keeps_only_its_48_network(api_client, world):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['franchisor']}")
    response = api_client.post(
        "/api/v1/memberships/",
        {"user": world.users["staff3"].pk, "role": "franchisee_staff", "franchise": world.F1.pk},
        format="json",
        REMOTE_ADDR="2001:db8:abcd:12::1",
    )
    assert response.status_code == 201, response.json()
    entry = AuditLog.objects.get(action="membership.grant")
    assert entry.data["source"]["address"] == "2001:db8:abcd::"


def test_the_audit_page_shows_from_where(client, world):
    client.force_login(world.users["franchisor"])
    audit(
        actor=world.users["franchisor"],
        action="test.source",
        target=world.A,
        summary="x",
        data={"source": {"address": "198.51.100.0", "user_agent": UA}},
    )
    page = client.get("/audit/")
    assert page.status_code == 200
    assert "198.51.100.0" in page.content.decode()


def test_actions_without_a_request_record_no_source(world):
    entry = audit(actor=None, action="task.run", target=world.A, summary="from a Celery task")
    assert "source" not in entry.data


@pytest.mark.django_db
def test_the_audit_log_refuses_updates_and_deletes_of_every_kind(world):
    entry = audit(actor=world.users["franchisor"], action="test.a", target=world.A, summary="x")
    entry.summary = "rewritten"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditLog.objects.filter(pk=entry.pk).update(summary="rewritten")
    with pytest.raises(TypeError):
        AuditLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(TypeError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get(pk=entry.pk).summary == "x"


def test_the_admin_cannot_add_change_or_delete_audit_entries(world):
    model_admin = admin.site._registry[AuditLog]
    request = RequestFactory().get("/admin/")
    request.user = world.users["franchisor"]
    request.user.is_superuser = True
    entry = audit(actor=None, action="test.admin", target=world.A, summary="x")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert not model_admin.get_actions(request).get("delete_selected")
