import pytest
from django.test import override_settings

from listings.models import DirectoryLink
from listings.payload import listing_payload
from listings.sync.connectors import using_connectors
from tests.listings.fake_directory import FakeDirectories

DIRECTORIES = ("google", "facebook", "pagesjaunes")


@pytest.fixture
def fake():
    directories = FakeDirectories()
    with using_connectors(directories.factory), override_settings(LISTINGS_SYNC_BASE_DELAY=0.001):
        yield directories


def link_everywhere(fake, location):
    """Put the store on the three fake directories, showing its current data, and link it."""
    payload = listing_payload(location)
    for directory in DIRECTORIES:
        external_id = fake.add(directory, payload)
        DirectoryLink.objects.update_or_create(
            location=location, directory=directory, defaults={"external_id": external_id}
        )


@pytest.fixture
def linked(fake):
    return lambda location: link_everywhere(fake, location)
