"""`/healthz` answers while the process lives; `/readyz` only when the database and broker answer."""

import os

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
