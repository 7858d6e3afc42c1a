"""Security headers on every response, and production settings that pass Django's deploy checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="franchise_platform.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="platform.example.com",
        **extra,
    )
    return env


def assert_common_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_settings_pass_the_deploy_checks_with_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env.pop("DJANGO_SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.test.utils import override_settings
# No collectstatic in a test run: the manifest storage would fail on the first {% static %}.
override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
from django.test import Client
from django.conf import settings
client = Client(HTTP_HOST="platform.example.com")
out = {}
for name, path in (("page", "/accounts/login/"), ("api", "/api/v1/me/"), ("missing", "/x/y/z/w/v/"),
                   ("health", "/healthz")):
    r = client.get(path, secure=True)
    out[name] = {"status": r.status_code, "headers": dict(r.headers),
                 "cookies": {k: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"])}
                             for k, m in r.cookies.items()}}
out["plain_http"] = client.get("/accounts/login/").status_code
out["plain_http_health"] = client.get("/healthz").status_code
print(json.dumps(out))
"""


def test_production_responses_carry_hsts_csp_and_secure_cookies():
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=production_env(DATABASE_URL="sqlite:///:memory:"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["page"]["status"] == 200
    assert out["api"]["status"] == 401
    assert out["missing"]["status"] == 404
    for name in ("page", "api", "missing", "health"):
        headers = out[name]["headers"]
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", name
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert out["page"]["cookies"]["csrftoken"] == {"secure": True, "httponly": True}
    assert out["plain_http"] == 301  # redirected to HTTPS
    assert out["plain_http_health"] == 200  # probes inside the network stay on HTTP


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/me/", "/api/schema/", "/x/y/z/w/v/"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code in {200, 401, 404}
    assert_common_headers(response)


@pytest.mark.django_db
def test_a_signed_in_page_and_an_api_answer_carry_the_security_headers(client, world):
    client.force_login(world.users["franchisor"])
    for path in ("/", "/api/v1/brands/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_common_headers(response)


def test_pages_have_no_inline_scripts_or_styles():
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "email" in template.parts:
            continue  # e-mails are not served pages: mail clients need inline styles
        # JSON-LD is a data block the browser never executes (schema.org microdata of the
        # franchise pages), so the CSP's script rules do not concern it.
        text = template.read_text().replace('<script type="application/ld+json">', "")
        for marker in ("<script>", "<script type=", "<style", ' style="', " onclick=", " onload=", " onsubmit="):
            if marker in text:
                offenders.append(f"{template.relative_to(ROOT)}: {marker}")
    assert not offenders


@pytest.mark.django_db
def test_the_api_docs_load_their_init_script_from_a_url_not_inline(client, world):
    client.force_login(world.users["franchisor"])
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    assert 'src="/api/docs/?script="' in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    assert "'unsafe-inline'" not in page["Content-Security-Policy"].split("script-src")[1].split(";")[0]
