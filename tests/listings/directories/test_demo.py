"""The directory demo: rows in the database, listings on the simulator, nothing fails without it."""

import io
import threading
import time

import pytest
import requests
from django.core.management import call_command

from listings.directories import demo
from listings.directories.base import get_connector
from listings.models import DirectoryLink, DuplicateCandidate, ListingDailyStats, Review
from network.demo import seed_network
from simulators import facebook, google, pagesjaunes
from simulators.server import Simulator

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return seed_network(password="demo-pass-2026")


def test_the_demo_fills_the_simulator_and_is_idempotent(network, sim_url):
    demo.seed_directories(network, sim_url)
    demo.seed_directories(network, sim_url)
    assert DirectoryLink.objects.count() == sum(demo.STORES_ON.values())
    assert ListingDailyStats.objects.count() == sum(demo.STORES_ON.values()) * demo.DAYS
    assert DuplicateCandidate.objects.count() == 1
    link = DirectoryLink.objects.filter(directory="facebook").first()
    shown = get_connector("facebook", base_url=sim_url).get(link.external_id)
    assert shown["name"] == link.location.name
    reviews = get_connector("facebook", base_url=sim_url).reviews(link.external_id)
    assert len(reviews) == Review.objects.filter(location=link.location, directory="facebook").count()
    assert Review.objects.filter(reply_text="").exists() and Review.objects.exclude(reply_text="").exists()


def test_the_demo_does_not_fail_without_a_simulator(network):
    demo.seed_directories(network, "http://127.0.0.1:9")
    assert DirectoryLink.objects.exists()


def test_the_simulator_loads_the_linked_listings_when_it_starts(network):
    demo.seed_rows(network)
    simulator = Simulator()
    assert demo.load_into(simulator) == sum(demo.STORES_ON.values()) + 1
    link = DirectoryLink.objects.filter(directory="pagesjaunes").first()
    assert pagesjaunes.state(simulator, link.external_id)["denomination"] == link.location.name
    tampered = demo.tampered_listing()
    assert google.state(simulator, tampered["external_id"])["phoneNumbers"]["primaryPhone"] == "+15145550000"
    page = DirectoryLink.objects.filter(directory="facebook").first()
    assert facebook.state(simulator, page.external_id)["name"] == page.location.name


def test_the_command_serves_the_simulator(free_port):
    out = io.StringIO()
    thread = threading.Thread(
        target=call_command,
        args=["run_directory_simulator", "--port", str(free_port), "--empty"],
        kwargs={"stdout": out},
        daemon=True,
    )
    thread.start()
    for _ in range(50):
        try:
            assert requests.get(f"http://127.0.0.1:{free_port}/_sim/health", timeout=1).json()["ok"] is True
            break
        except requests.ConnectionError:
            time.sleep(0.05)
    else:
        pytest.fail("the simulator did not start")


@pytest.fixture
def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
