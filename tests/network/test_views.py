import pytest
from django.core import mail
from django.urls import reverse

from network.models import Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def test_login_page_is_served_in_french_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Se connecter" in response.content.decode()


def test_the_dashboard_needs_a_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_members_page_is_for_admins_and_region_managers(client, world):
    client.force_login(world.users["franchisee"])
    assert client.get(reverse("members")).status_code == 403
    client.force_login(world.users["region"])
    response = client.get(reverse("members"))
    assert response.status_code == 200
    shown = {m.pk for m in response.context["page"]}
    assert world.mem_staff1.pk in shown and world.mem_franchisee2.pk not in shown


def test_inviting_from_the_members_page_sends_the_email(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["region"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members"),
            {
                "email": "new@example.test",
                "role": Role.FRANCHISEE_STAFF,
                "node": f"franchise:{world.F3.pk}",
            },
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="new@example.test", franchise=world.F3).exists()
    assert mail.outbox and "new@example.test" in mail.outbox[0].to


def test_an_invitation_form_error_keeps_the_input_and_explains(client, world):
    client.force_login(world.users["region"])
    response = client.post(
        reverse("members"),
        {
            "email": "new@example.test",
            "role": Role.REGION_MANAGER,
            "node": f"franchise:{world.F3.pk}",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Invitation.objects.filter(email="new@example.test").exists()


def test_a_region_manager_cannot_invite_into_another_region_by_editing_the_form(client, world):
    client.force_login(world.users["region"])
    response = client.post(
        reverse("members"),
        {
            "email": "new@example.test",
            "role": Role.FRANCHISEE_STAFF,
            "node": f"franchise:{world.F2.pk}",
        },
    )
    assert response.status_code == 200
    assert "node" in response.context["form"].errors


def test_accepting_an_invitation_creates_the_account_and_logs_in(client, world):
    invitation = Invitation.objects.get(pk=world.inv_F1.pk)
    url = reverse("invitation-accept", args=[invitation.token])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"username": "joiner", "password1": "long-pass-phrase-9", "password2": "long-pass-phrase-9"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user__username="joiner", franchise=world.F1).exists()
    assert client.get("/").status_code == 200


def test_a_weak_password_is_refused_with_a_form_error(client, world):
    url = reverse("invitation-accept", args=[world.inv_F1.token])
    response = client.post(url, {"username": "joiner", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]


def test_an_unknown_invitation_is_a_404(client, db):
    assert client.get(reverse("invitation-accept", args=["nope"])).status_code == 404


def test_revoking_from_another_region_is_a_404(client, world):
    client.force_login(world.users["region"])
    response = client.post(reverse("membership-revoke", args=[world.mem_franchisee2.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=world.mem_franchisee2.pk).exists()


def test_the_language_choice_is_saved_on_the_account(client, world):
    user = world.users["franchisee"]
    client.force_login(user)
    client.post(reverse("set-language"), {"language": "en", "next": "/network/"})
    user.refresh_from_db()
    assert user.language == "en"
    assert "Franchises" in client.get("/network/").content.decode()
    client.post(reverse("set-language"), {"language": "fr", "next": "https://evil.example/"})
    user.refresh_from_db()
    assert user.language == "fr"


def test_the_language_switch_never_redirects_off_site(client, db):
    response = client.post(reverse("set-language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_password_reset_sends_an_email(client, world):
    world.users["franchisee"].email = "owner@example.test"
    world.users["franchisee"].save()
    response = client.post(reverse("password_reset"), {"email": "owner@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_a_franchisee_reads_only_their_own_franchise_page(client, world):
    client.force_login(world.users["franchisee"])
    assert client.get(reverse("network-franchise", args=[world.F1.pk])).status_code == 200
    assert client.get(reverse("network-franchise", args=[world.F3.pk])).status_code == 404


def test_the_audit_log_page_is_for_franchisor_admins_and_shows_their_brand_only(client, world):
    client.force_login(world.users["marketing"])
    assert client.get(reverse("audit-log")).status_code == 403
    client.force_login(world.users["franchisor"])
    body = client.get(reverse("audit-log")).content.decode()
    assert "alpha event" in body and "beta event" not in body


@pytest.mark.parametrize(
    "model", ["brand", "region", "franchise", "location", "membership", "invitation", "capabilitygrant", "auditlog"]
)
def test_the_admin_lists_every_network_model(admin_client, world, model):
    response = admin_client.get(f"/admin/network/{model}/?q=a")
    assert response.status_code == 200


def test_the_api_docs_are_served_from_local_files(client, db):
    body = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in body
    assert not any(host in body for host in ("jsdelivr", "unpkg", "cdnjs", "googleapis"))
    assert client.get("/api/schema/").status_code == 200
