"""`/healthz` answers while the process lives; `/readyz` only when the database and broker answer."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.services import need


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any database access here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_and_broker_answer(client):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if os.environ.get("REQUIRE_SERVICES") == "1" or broker:
        need(bool(broker), "CELERY_BROKER_URL is not set")
    with override_settings(CELERY_BROKER_URL=broker):
        response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] == ("ok" if broker else "not configured (tasks run in-process)")


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_readyz_is_unavailable_when_the_broker_is_unreachable(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error: ")


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:1//")
def test_readyz_is_unavailable_when_a_rabbitmq_broker_is_unreachable(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error: ")


DATABASE_DOWN_PROBE = """
import django, json
django.setup()
from django.test import Client
client = Client()
print(json.dumps([client.get("/healthz").status_code, client.get("/readyz").status_code, client.get("/readyz").json()]))
"""


def test_readyz_is_unavailable_when_the_database_is_unreachable_and_healthz_still_answers():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="franchise_platform.settings.test",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere",  # nothing listens on port 1
        CELERY_BROKER_URL="",
    )
    result = subprocess.run(
        [sys.executable, "-c", DATABASE_DOWN_PROBE],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    healthz, readyz, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert healthz == 200
    assert readyz == 503
    assert body["checks"]["database"].startswith("error: ")
