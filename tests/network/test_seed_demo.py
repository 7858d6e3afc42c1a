import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from network.models import Brand, Franchise, Location, Membership, Region

pytestmark = pytest.mark.django_db

DEMO_LOGINS = ["franchisor", "marketing", "region", "franchisee", "franchisee2", "listings"]


def counts():
    return (
        Brand.objects.count(),
        Region.objects.count(),
        Franchise.objects.count(),
        Location.objects.count(),
        Membership.objects.count(),
    )


def test_seed_demo_builds_the_demo_network_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = counts()
    assert first[:4] == (1, 3, 40, 60)
    call_command("seed_demo")
    assert counts() == first
    out = capsys.readouterr().out
    for username in DEMO_LOGINS:
        assert username in out
        assert authenticate(username=username, password="demo-pass-2026") is not None


def test_the_two_franchisees_are_in_different_regions():
    call_command("seed_demo", password="other-pass-1")
    one = Membership.objects.get(user__username="franchisee").franchise
    two = Membership.objects.get(user__username="franchisee2").franchise
    assert one.region_id != two.region_id
    assert authenticate(username="franchisee", password="other-pass-1") is not None


def test_demo_stores_have_valid_phones_and_time_zones():
    call_command("seed_demo")
    for location in Location.objects.all():
        location.full_clean()
    assert set(Location.objects.values_list("country", flat=True)) == {"CA", "FR"}
