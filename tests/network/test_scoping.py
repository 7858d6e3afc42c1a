"""The scoping module: every rule has an in/out pair (own franchise visible, neighbour's not)."""

import pytest
from guardian.shortcuts import assign_perm

from network.models import Franchise, Location, Region
from network.scoping import node_has_capability, visible_franchises, visible_locations, visible_regions, with_capability
from network.selectors import location_list

pytestmark = pytest.mark.django_db


def names(qs):
    return set(qs.values_list("pk", flat=True))


def test_a_franchisee_sees_their_own_stores_and_not_their_neighbours(world):
    user = world.users["franchisee"]
    assert names(Location.objects.filter(visible_locations(user))) == {world.L1.pk}


def test_a_region_manager_sees_every_store_of_their_region_only(world):
    user = world.users["region"]
    assert names(Location.objects.filter(visible_locations(user))) == {world.L1.pk, world.L3.pk}


def test_a_franchisor_sees_their_brand_and_nothing_of_another_brand(world):
    user = world.users["franchisor"]
    assert names(Franchise.objects.filter(visible_franchises(user))) == {world.F1.pk, world.F2.pk, world.F3.pk}


def test_a_franchisee_sees_their_own_region_but_not_the_others(world):
    user = world.users["franchisee2"]
    assert names(Region.objects.filter(visible_regions(user))) == {world.A2.pk}


def test_anonymous_and_inactive_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Location.objects.filter(visible_locations(AnonymousUser())).exists()
    user = world.users["franchisor"]
    user.is_active = False
    assert not Location.objects.filter(visible_locations(user)).exists()


def test_roles_filter_restricts_to_the_roles_named(world):
    from network.models import Role

    user = world.users["franchisor"]
    assert not Location.objects.filter(visible_locations(user, roles=[Role.REGION_MANAGER])).exists()


def test_a_capability_granted_on_a_region_covers_its_stores_and_no_other(world):
    staff = world.users["staff1"]
    assert not node_has_capability(staff, world.L1, "edit_hours")
    assign_perm("edit_hours", staff, world.A1)
    assert names(Location.objects.filter(with_capability(staff, "edit_hours"))) == {world.L1.pk, world.L3.pk}
    assert node_has_capability(staff, world.L3, "edit_hours")
    assert not node_has_capability(staff, world.L2, "edit_hours")
    assert not node_has_capability(staff, world.L1, "manage_photos")


def test_a_capability_granted_on_one_store_does_not_cover_its_siblings(world):
    staff = world.users["staff1"]
    second = Location.objects.create(
        brand=world.A,
        region=world.A1,
        franchise=world.F1,
        name="Second",
        street_address="2 rue",
        postal_code="H2X 1K4",
        city="Montréal",
        country="CA",
    )
    assign_perm("manage_photos", staff, world.L1)
    assert node_has_capability(staff, world.L1, "manage_photos")
    assert not node_has_capability(staff, second, "manage_photos")


def test_capabilities_come_with_roles(world):
    assert node_has_capability(world.users["listings"], world.L2, "edit_profile")
    assert node_has_capability(world.users["franchisee"], world.L1, "edit_hours")
    assert not node_has_capability(world.users["franchisee"], world.L1, "manage_photos")
    assert not node_has_capability(world.users["franchisee"], world.L2, "edit_hours")
    assert not node_has_capability(world.users["marketing"], world.L1, "edit_hours")


def test_scoped_list_is_one_sql_query_without_id_lists(world, django_assert_num_queries):
    user = world.users["region"]
    with django_assert_num_queries(1) as ctx:
        list(location_list(user=user))
    sql = ctx.captured_queries[0]["sql"].upper()
    assert "EXISTS" in sql
