"""Login throttling (django-axes, database handler): failures lock the username for every process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pass-word-2026"
LIMIT = settings.AXES_FAILURE_LIMIT


def page_login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="203.0.113.57")


def token_login(client, username, password):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


@pytest.fixture
def user(db):
    return UserFactory(username="alice")


def test_the_configured_number_of_failures_locks_the_username_for_every_client(user):
    first, second = Client(), Client()
    for _ in range(LIMIT - 1):
        assert page_login(first, "alice", "wrong").status_code == 200  # the form again, with its error
    assert page_login(first, "alice", "wrong").status_code == 429  # the last allowed failure locks
    # Another browser (another session, another address) with the right password is refused too.
    response = second.post("/accounts/login/", {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in second.session
    # Another username is not affected.
    UserFactory(username="bob")
    assert page_login(second, "bob", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(user):
    client = Client()
    for _ in range(LIMIT - 1):
        page_login(client, "alice", "wrong")
    assert page_login(client, "alice", PASSWORD).status_code == 302
    client.logout()
    assert not AccessAttempt.objects.filter(username="alice").exists()
    for _ in range(LIMIT - 1):
        page_login(client, "alice", "wrong")
    assert page_login(client, "alice", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off_time(user):
    client = Client()
    for _ in range(LIMIT):
        page_login(client, "alice", "wrong")
    assert page_login(client, "alice", PASSWORD).status_code == 429
    AccessAttempt.objects.filter(username="alice").update(
        attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
    )
    assert page_login(client, "alice", PASSWORD).status_code == 302


def test_the_api_token_endpoint_is_throttled_too(user):
    client = APIClient()
    for _ in range(LIMIT):
        assert token_login(client, "alice", "wrong").status_code == 400
    response = token_login(APIClient(), "alice", PASSWORD)
    assert response.status_code in {400, 403, 429}
    assert "token" not in response.json()
    # And the page login shares the same count.
    assert page_login(Client(), "alice", PASSWORD).status_code == 429


def test_the_stored_attempt_keeps_only_an_anonymised_address(user):
    page_login(Client(), "alice", "wrong")
    assert AccessAttempt.objects.get(username="alice").ip_address == "203.0.113.0"


SECOND_PROCESS = """
import django
django.setup()
from django.test import Client
r = Client().post("/accounts/login/", {"username": "alice", "password": "pass-word-2026"}, REMOTE_ADDR="192.0.2.1")
print(r.status_code)
"""


@pytest.mark.django_db(transaction=True)
def test_a_lockout_recorded_by_one_process_is_enforced_by_another():
    if connection.vendor != "postgresql":
        pytest.skip("another process shares the test database on PostgreSQL only")
    UserFactory(username="alice")
    client = Client()
    for _ in range(LIMIT):
        page_login(client, "alice", "wrong")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    db = connection.settings_dict
    env.update(
        DJANGO_SETTINGS_MODULE="franchise_platform.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    )
    result = subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "429"


def test_a_password_change_signs_out_the_users_other_sessions_and_deletes_api_tokens(user):
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    token = Token.objects.create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 200

    response = laptop.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "An0ther-long-phrase", "new_password2": "An0ther-long-phrase"},
    )
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200  # the session that changed it stays signed in
    assert phone.get("/").status_code == 302  # the other one is sent to the login page
    assert api.get("/api/v1/me/").status_code == 401
    assert not Token.objects.filter(user=user).exists()


def test_saving_a_user_without_changing_the_password_keeps_their_tokens(user):
    token = Token.objects.create(user=user)
    user.first_name = "Alice"
    user.save()
    assert Token.objects.filter(key=token.key).exists()


def test_sessions_expire_and_password_validators_are_on():
    assert settings.SESSION_COOKIE_AGE <= 24 * 3600
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "UserAttributeSimilarityValidator"} <= names
