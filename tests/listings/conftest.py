"""The directory simulators over real HTTP, for every listings test: a session-wide server,
reset before each test that asks for it. No in-memory directory anywhere."""

import pytest
import requests

from listings.directories.base import get_connector
from listings.directories.categories import category_lookup
from listings.directories.demo import native_document
from listings.models import DirectoryLink
from listings.payload import listing_payload
from simulators.server import serve_in_thread

DIRECTORIES = ("google", "facebook", "pagesjaunes")


@pytest.fixture(scope="session")
def simulator_server():
    url, shutdown = serve_in_thread()
    yield url, shutdown.simulator
    shutdown()


@pytest.fixture
def sim_url(simulator_server):
    """The URL of a fresh simulator (reset before each test), served over real HTTP."""
    url, _ = simulator_server
    requests.post(f"{url}/_sim/reset", timeout=5).raise_for_status()
    return url


@pytest.fixture
def sim(sim_url):
    return Control(sim_url)


class Control:
    """The simulators' control API, as tests use it."""

    def __init__(self, url):
        self.url = url

    def post(self, path, body=None):
        response = requests.post(f"{self.url}/_sim/{path}", json=body or {}, timeout=5)
        response.raise_for_status()
        return response.json()

    def faults(self, **body):
        return self.post("faults", body)

    def fail(self, directory, method, kind, *, times=1, skip=0, path=""):
        """Make the directory answer `kind` to its next `times` `method` requests (after `skip`)."""
        rule = {"method": method, "kind": kind, "times": times, "skip": skip, "path": path}
        return self.faults(directory=directory, rules=[rule])

    def seed(self, *listings):
        return [item["external_id"] for item in self.post("seed", {"listings": list(listings)})["listings"]]

    def tamper(self, directory, external_id, **changes):
        return self.post("tamper", {"directory": directory, "external_id": external_id, "changes": changes})["state"]

    def state(self, directory, external_id, part=""):
        suffix = f"/{part}" if part else ""
        return requests.get(f"{self.url}/_sim/state/{directory}/{external_id}{suffix}", timeout=5)

    def requests(self, directory=""):
        return requests.get(f"{self.url}/_sim/requests", params={"directory": directory}, timeout=5).json()["requests"]


@pytest.fixture
def directories(sim_url, settings):
    """Services and tasks talk to the test simulator, unpaced, with short backoffs."""
    settings.DIRECTORY_SIMULATOR_URL = sim_url
    settings.DIRECTORY_QUOTAS = {}
    settings.LISTINGS_SYNC_BASE_DELAY = 0.001
    settings.LISTINGS_SYNC_MAX_DELAY = 0.05
    return sim_url


def link_everywhere(sim, location) -> dict[str, str]:
    """Put the store on the three directories, showing its current data, and link it."""
    lookup = category_lookup(location.brand_id)
    payload = listing_payload(location)
    ids = {}
    for directory in DIRECTORIES:
        (ids[directory],) = sim.seed({"directory": directory, **native_document(directory, payload, lookup)})
        DirectoryLink.objects.update_or_create(
            location=location, directory=directory, defaults={"external_id": ids[directory]}
        )
    return ids


@pytest.fixture
def linked(sim, directories):
    return lambda location: link_everywhere(sim, location)


@pytest.fixture
def shown(directories):
    """What each directory linked to the store shows in `field`, read over its API:
    {directory: value}; a directory that cannot hold the field is left out."""

    def read(location, field):
        lookup = category_lookup(location.brand_id)
        result = {}
        for link in location.directory_links.all():
            connector = get_connector(link.directory, base_url=directories).with_categories(lookup[link.directory])
            if field in connector.readable:
                result[link.directory] = connector.get(link.external_id, [field])[field]
        return result

    return read
