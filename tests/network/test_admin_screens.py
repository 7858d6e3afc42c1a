"""Admin tasks that had no screen (issue 14): listing rights on the members page, the brand's
approval policy, adding a store; destructive actions ask first; a button is shown only to who
may use it. Each rule has an in/out pair."""

import pytest
from django.test import Client
from django.urls import reverse

from network.models import AuditLog, CapabilityGrant, Invitation, Location, Membership, Role
from network.scoping import node_has_capability
from tests.factories import UserFactory, grant_role

pytestmark = pytest.mark.django_db


def login(world, name) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


# Members page: who opens it, what it offers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "invites", "grants"),
    [
        ("franchisor", 200, True, True),
        ("region", 200, True, True),
        ("listings", 200, False, True),
        ("marketing", 403, False, False),
        ("franchisee", 403, False, False),
    ],
)
def test_the_members_page_opens_for_who_manages_roles_or_listing_rights(world, role, status, invites, grants):
    response = login(world, role).get(reverse("members"))
    assert response.status_code == status
    body = response.content.decode()
    assert ('data-form="invite"' in body) is invites
    assert ('data-form="grant-right"' in body) is grants
    nav = login(world, role).get("/").content.decode()
    assert ('data-nav="members"' in nav) is (status == 200)


def test_a_region_manager_is_offered_only_the_franchisee_roles_and_no_button_on_a_role_they_cannot_manage(world):
    editor = UserFactory(username="f1_editor")
    editor_membership = grant_role(editor, Role.LISTINGS_EDITOR, world.F1)
    rows = {row["membership"].pk: row for row in login(world, "region").get(reverse("members")).context["rows"]}
    owner = rows[world.mem_franchisee.pk]
    assert [role for role, _label in owner["roles"]] == [Role.FRANCHISEE_OWNER, Role.FRANCHISEE_STAFF]
    assert owner["may_revoke"] is True
    other = rows[editor_membership.pk]  # a listings editor at F1: the region manager sees it, may not touch it
    assert (other["roles"], other["may_revoke"]) == ([], False)
    body = login(world, "region").get(reverse("members")).content.decode()
    row = body.split(f'data-membership="{editor_membership.pk}"')[1].split("</tr>")[0]
    assert "data-action" not in row
    franchisor_rows = {
        row["membership"].pk: row for row in login(world, "franchisor").get(reverse("members")).context["rows"]
    }
    assert franchisor_rows[editor_membership.pk]["may_revoke"] is True


# Listing rights ----------------------------------------------------------------------------------------------------


def test_a_region_manager_grants_a_listing_right_on_a_store_of_their_region(world):
    staff = world.users["staff3"]
    response = login(world, "region").post(
        reverse("capability-grant"),
        {"user": staff.pk, "capability": "manage_photos", "node": f"location:{world.L3.pk}"},
    )
    assert response.status_code == 302
    grant = CapabilityGrant.objects.get(user=staff, capability="manage_photos", location=world.L3)
    assert node_has_capability(staff, world.L3, "manage_photos")
    assert AuditLog.objects.filter(
        action="capability.grant", target_id=str(grant.pk), actor=world.users["region"]
    ).exists()


def test_a_region_manager_cannot_grant_a_right_in_another_region_by_editing_the_form(world):
    staff = world.users["staff3"]
    response = login(world, "region").post(
        reverse("capability-grant"),
        {"user": staff.pk, "capability": "manage_photos", "node": f"franchise:{world.F2.pk}"},
        follow=True,
    )
    assert response.status_code == 200
    assert not CapabilityGrant.objects.filter(user=staff, franchise=world.F2).exists()
    assert [str(m) for m in response.context["messages"]]  # the form's error is shown


def test_a_franchisee_cannot_grant_listing_rights(world):
    response = login(world, "franchisee").post(
        reverse("capability-grant"),
        {"user": world.users["staff1"].pk, "capability": "edit_profile", "node": f"location:{world.L1.pk}"},
    )
    assert response.status_code == 403
    assert not CapabilityGrant.objects.filter(capability="edit_profile").exists()


def test_the_grant_form_offers_only_places_where_the_user_may_grant(world):
    form = login(world, "region").get(reverse("members")).context["grant_form"]
    offered = set(form.nodes)
    assert {f"region:{world.A1.pk}", f"franchise:{world.F1.pk}", f"location:{world.L3.pk}"} <= offered
    assert not offered & {f"brand:{world.A.pk}", f"franchise:{world.F2.pk}", f"location:{world.L2.pk}"}


def test_taking_back_a_right_asks_first_then_revokes_it_and_logs_it(world):
    client = login(world, "franchisor")
    url = reverse("capability-revoke", args=[world.grant_L1.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and 'data-page="confirm"' in asked.content.decode()
    assert CapabilityGrant.objects.filter(pk=world.grant_L1.pk).exists()
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert not CapabilityGrant.objects.filter(pk=world.grant_L1.pk).exists()
    assert AuditLog.objects.filter(action="capability.revoke", target_id=str(world.grant_L1.pk)).exists()


def test_a_right_of_another_brand_cannot_be_taken_back(world):
    response = login(world, "franchisor").post(
        reverse("capability-revoke", args=[world.grant_B.pk]), {"confirmed": "1"}
    )
    assert response.status_code == 404
    assert CapabilityGrant.objects.filter(pk=world.grant_B.pk).exists()


def test_the_rights_table_shows_a_take_back_button_only_where_the_user_may_grant(world):
    rows = dict(login(world, "region").get(reverse("members")).context["grants"])
    assert rows == {world.grant_L1: True}  # region A1 holds store L1; brand B's grant is not even listed


# Destructive actions ask first -------------------------------------------------------------------------------------


def test_revoking_a_role_asks_first(world):
    client = login(world, "franchisor")
    url = reverse("membership-revoke", args=[world.mem_staff1.pk])
    assert 'data-page="confirm"' in client.post(url).content.decode()
    assert Membership.objects.filter(pk=world.mem_staff1.pk).exists()
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert not Membership.objects.filter(pk=world.mem_staff1.pk).exists()


def test_cancelling_an_invitation_asks_first(world):
    client = login(world, "franchisor")
    url = reverse("invitation-cancel", args=[world.inv_F1.pk])
    assert 'data-page="confirm"' in client.post(url).content.decode()
    assert Invitation.objects.get(pk=world.inv_F1.pk).cancelled_at is None
    client.post(url, {"confirmed": "1"})
    assert Invitation.objects.get(pk=world.inv_F1.pk).cancelled_at is not None


# Approval policy ----------------------------------------------------------------------------------------------------


def test_a_franchisor_admin_turns_approval_of_franchisee_changes_on_and_it_is_logged(world):
    client = login(world, "franchisor")
    url = reverse("approval-policy", args=[world.A.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"requires_listing_approval": "on"}).status_code == 302
    world.A.refresh_from_db()
    assert world.A.requires_listing_approval is True
    assert AuditLog.objects.filter(action="brand.update", target_id=str(world.A.pk)).exists()
    client.post(url, {})
    world.A.refresh_from_db()
    assert world.A.requires_listing_approval is False


@pytest.mark.parametrize(
    ("role", "status"), [("region", 403), ("listings", 403), ("franchisee", 403), ("beta_admin", 404)]
)
def test_only_the_brands_franchisor_admin_sets_its_approval_policy(world, role, status):
    client = login(world, role)
    assert (
        client.post(reverse("approval-policy", args=[world.A.pk]), {"requires_listing_approval": "on"}).status_code
        == status
    )
    world.A.refresh_from_db()
    assert world.A.requires_listing_approval is False


def test_the_approval_policy_link_shows_only_to_the_franchisor_admin(world):
    link = reverse("approval-policy", args=[world.A.pk])
    assert link in login(world, "franchisor").get(reverse("network-franchises")).content.decode()
    assert link in login(world, "franchisor").get(reverse("listing-suggestions")).content.decode()
    for role in ("region", "listings"):
        assert link not in login(world, role).get(reverse("network-franchises")).content.decode()
        assert link not in login(world, role).get(reverse("listing-suggestions")).content.decode()


# Adding a store -----------------------------------------------------------------------------------------------------

STORE = {
    "name": "Grande Assurance Laval",
    "street_address": "1 boulevard Le Corbusier",
    "postal_code": "H7S 1Z2",
    "city": "Laval",
    "state": "QC",
    "country": "CA",
    "phone": "450 555 0100",
    "time_zone": "America/Toronto",
}


def test_a_region_manager_adds_a_store_to_a_franchise_of_their_region(world):
    response = login(world, "region").post(reverse("store-create"), {**STORE, "franchise": world.F3.pk})
    location = Location.objects.get(name=STORE["name"])
    assert response.status_code == 302 and response.url == reverse("listing-detail", args=[location.pk])
    assert (location.franchise, location.region, location.brand, location.phone) == (
        world.F3,
        world.A1,
        world.A,
        "+14505550100",
    )
    assert AuditLog.objects.filter(action="location.create", target_id=str(location.pk)).exists()


def test_a_store_outside_the_users_region_cannot_be_added_by_editing_the_form(world):
    response = login(world, "region").post(reverse("store-create"), {**STORE, "franchise": world.F2.pk})
    assert response.status_code == 200 and "franchise" in response.context["form"].errors
    assert not Location.objects.filter(name=STORE["name"]).exists()


def test_a_bad_phone_number_is_a_form_error_and_nothing_is_saved(world):
    response = login(world, "franchisor").post(
        reverse("store-create"), {**STORE, "phone": "12", "franchise": world.F1.pk}
    )
    assert response.status_code == 200 and response.context["form"].errors["phone"]
    assert not Location.objects.filter(name=STORE["name"]).exists()


def test_a_franchisee_is_not_offered_to_add_a_store(world):
    client = login(world, "franchisee")
    assert client.get(reverse("store-create")).status_code == 403
    assert (
        'data-action="add-store"' not in client.get(reverse("network-franchise", args=[world.F1.pk])).content.decode()
    )
    assert (
        'data-action="add-store"'
        in login(world, "franchisor").get(reverse("network-franchise", args=[world.F1.pk])).content.decode()
    )


# Permission twins agree -----------------------------------------------------------------------------------------------


NODES = ("A", "A1", "A2", "F1", "F2", "F3", "L1", "L2", "B", "B1", "G1", "M1")
PEOPLE = ("franchisor", "marketing", "region", "franchisee", "franchisee2", "listings", "beta_admin", "staff1")


@pytest.mark.parametrize("person", PEOPLE)
def test_the_page_rights_answer_exactly_as_the_permission_checks(world, person):
    from network import permissions
    from network.models import ROLE_LEVELS, Franchise, Location

    user = world.users[person]
    rights = permissions.NetworkRights(user)
    for name in NODES:
        node = getattr(world, name)
        if isinstance(node, Location):
            ids = {"brand_id": node.brand_id, "region_id": node.region_id, "franchise_id": node.franchise_id}
        else:
            ids = {
                "brand_id": getattr(node, "brand_id", node.pk),
                "region_id": node.pk if node._meta.model_name == "region" else getattr(node, "region_id", None),
                "franchise_id": node.pk if isinstance(node, Franchise) else None,
            }
        assert rights.may_grant_capabilities(**ids) == permissions.can_grant_capabilities(user, node=node), name
        if isinstance(node, Location):
            continue
        level = permissions.level_of(node)
        for role in Role.values:
            if level not in ROLE_LEVELS[role]:
                continue
            expected = permissions.can_manage_members(user, node=node, role=role)
            assert rights.may_manage_member(role=role, level=level, **ids) == expected, (name, role)
        if isinstance(node, Franchise):
            from django.core.exceptions import PermissionDenied

            try:
                permissions.check_create_child(user, node)
                allowed = True
            except PermissionDenied:
                allowed = False
            assert rights.may_add_store(node) == allowed, name


def test_the_admin_screens_speak_french(world):
    world.users["franchisor"].language = "fr"
    world.users["franchisor"].save(update_fields=["language"])
    client = login(world, "franchisor")
    members = client.get(reverse("members"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Droits sur les fiches" in members and "Accorder le droit" in members
    policy = client.get(reverse("approval-policy", args=[world.A.pk]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Approbation des modifications de fiches" in policy
    store = client.get(reverse("store-create"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ajouter le point de vente" in store
    asked = client.post(reverse("capability-revoke", args=[world.grant_L1.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Retirer ce droit sur les fiches ?" in asked.content.decode()
