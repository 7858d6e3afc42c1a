import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from franchise_platform.errors import DomainError
from network import services
from network.models import AuditLog, Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def test_an_invitation_is_mailed_and_accepting_it_creates_the_account_and_role(world):
    invitation = services.invitation_create(
        actor=world.users["region"], email="New.Staff@Example.test", role=Role.FRANCHISEE_STAFF, node=world.F1
    )
    # Eager Celery in tests: the e-mail leaves once the transaction commits.
    invitation.refresh_from_db()
    assert invitation.email == "new.staff@example.test"
    membership = services.invitation_accept(invitation=invitation, username="newstaff", password="long-pass-phrase-9")
    assert membership.user.email == "new.staff@example.test"
    assert membership.user.check_password("long-pass-phrase-9")
    assert (membership.role, membership.franchise) == (Role.FRANCHISEE_STAFF, world.F1)
    assert AuditLog.objects.filter(action="invitation.create").exists()
    assert AuditLog.objects.filter(action="membership.grant", actor=membership.user).exists()


def test_the_invitation_email_carries_the_acceptance_link(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=world.users["franchisor"], email="x@example.test", role=Role.LISTINGS_EDITOR, node=world.A
        )
    assert len(mail.outbox) == 1
    assert f"/invitations/{invitation.token}/" in mail.outbox[0].body
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_an_invitation_cannot_be_used_twice_or_after_expiry(world):
    invitation = services.invitation_create(
        actor=world.users["franchisor"], email="x@example.test", role=Role.FRANCHISEE_STAFF, node=world.F2
    )
    services.invitation_accept(invitation=invitation, username="first", password="long-pass-phrase-9")
    with pytest.raises(DomainError):
        services.invitation_accept(invitation=invitation, username="second", password="long-pass-phrase-9")
    late = services.invitation_create(
        actor=world.users["franchisor"], email="y@example.test", role=Role.FRANCHISEE_STAFF, node=world.F2
    )
    Invitation.objects.filter(pk=late.pk).update(expires_at=timezone.now())
    late.refresh_from_db()
    with pytest.raises(DomainError):
        services.invitation_accept(invitation=late, username="third", password="long-pass-phrase-9")


def test_region_managers_invite_franchisee_users_of_their_region_only(world):
    region = world.users["region"]
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=region, email="a@example.test", role=Role.FRANCHISEE_OWNER, node=world.F2)
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=region, email="a@example.test", role=Role.REGION_MANAGER, node=world.A1)
    assert services.invitation_create(actor=region, email="a@example.test", role=Role.FRANCHISEE_OWNER, node=world.F3)


def test_a_role_is_only_held_at_its_level(world):
    with pytest.raises(DomainError):
        services.membership_grant(
            actor=world.users["franchisor"], user=world.users["staff1"], role=Role.REGION_MANAGER, node=world.F1
        )


def test_granting_the_same_role_twice_keeps_one_membership(world):
    actor, user = world.users["franchisor"], world.users["staff3"]
    first = services.membership_grant(actor=actor, user=user, role=Role.FRANCHISEE_STAFF, node=world.F1)
    again = services.membership_grant(actor=actor, user=user, role=Role.FRANCHISEE_STAFF, node=world.F1)
    assert first.pk == again.pk
    assert AuditLog.objects.filter(action="membership.grant").count() == 1


def test_changing_and_revoking_a_role_is_audited(world):
    actor = world.users["franchisor"]
    services.membership_change_role(actor=actor, membership=world.mem_staff1, role=Role.FRANCHISEE_OWNER)
    services.membership_revoke(actor=actor, membership=world.mem_staff1)
    assert not Membership.objects.filter(pk=world.mem_staff1.pk).exists()
    actions = list(AuditLog.objects.filter(target_type="network.membership").values_list("action", flat=True))
    assert set(actions) >= {"membership.change", "membership.revoke"}


def test_a_franchisor_admin_cannot_revoke_their_own_admin_role(world):
    with pytest.raises(DomainError):
        services.membership_revoke(actor=world.users["franchisor"], membership=world.mem_franchisor)


def test_the_audit_log_is_append_only(world):
    entry = world.audit_A
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditLog.objects.filter(pk=entry.pk).update(summary="changed")
    with pytest.raises(TypeError):
        AuditLog.objects.all().delete()


def test_moving_a_franchise_moves_its_stores_and_roles(world):
    services.franchise_update(actor=world.users["franchisor"], franchise=world.F1, data={"region": world.A2})
    world.L1.refresh_from_db()
    world.mem_franchisee.refresh_from_db()
    assert world.L1.region == world.A2
    assert world.mem_franchisee.region == world.A2


def test_a_capability_grant_is_mirrored_in_guardian_and_revocable(world):
    from network.scoping import node_has_capability

    grant = services.capability_grant(
        actor=world.users["listings"], user=world.users["staff1"], capability="edit_hours", node=world.F1
    )
    assert node_has_capability(world.users["staff1"], world.L1, "edit_hours")
    assert world.users["staff1"].has_perm("edit_hours", world.F1)
    services.capability_revoke(actor=world.users["listings"], grant=grant)
    assert not node_has_capability(world.users["staff1"], world.L1, "edit_hours")
