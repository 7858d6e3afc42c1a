"""While the database is unreachable, pages and the API answer a clear 503 with Retry-After
(not a bare 500), and /healthz still answers."""

import socket

import pytest
from django.db import connection, connections
from django.test import Client

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server to lose"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def database_away():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    database = connections["default"]
    port = database.settings_dict["PORT"]
    database.close()
    database.settings_dict["PORT"] = closed_port  # nothing listens there: connection refused
    yield
    database.close()
    database.settings_dict["PORT"] = port


def test_pages_and_the_api_say_briefly_unavailable(world, database_away):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-cannot-look-up"
    page = client.get("/reports/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "indisponible" in page.content.decode()
    api = client.get("/api/v1/pools/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 503
    assert "briefly unavailable" in api.json()["detail"]
    probe = Client(raise_request_exception=False)  # a load balancer's probe: no cookie
    assert probe.get("/healthz").status_code == 200
    assert probe.get("/readyz").status_code == 503
