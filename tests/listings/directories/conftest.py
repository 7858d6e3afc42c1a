import pytest
import requests

from simulators.server import serve_in_thread


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
    """The simulator's control API, as tests use it."""

    def __init__(self, url):
        self.url = url

    def post(self, path, body=None):
        response = requests.post(f"{self.url}/_sim/{path}", json=body or {}, timeout=5)
        response.raise_for_status()
        return response.json()

    def faults(self, **body):
        return self.post("faults", body)

    def seed(self, *listings):
        return [item["external_id"] for item in self.post("seed", {"listings": list(listings)})["listings"]]

    def tamper(self, directory, external_id, **changes):
        return self.post("tamper", {"directory": directory, "external_id": external_id, "changes": changes})["state"]

    def state(self, directory, external_id):
        return requests.get(f"{self.url}/_sim/state/{directory}/{external_id}", timeout=5)


@pytest.fixture
def directories(sim_url, settings):
    """Services and tasks talk to the test simulator, unpaced."""
    settings.DIRECTORY_SIMULATOR_URL = sim_url
    settings.DIRECTORY_QUOTAS = {}
    return sim_url
