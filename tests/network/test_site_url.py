"""Links in e-mails point at the port `make run` serves, unless DJANGO_SITE_URL says otherwise."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT = ["--eval=print-site-url: ; @echo $$DJANGO_SITE_URL", "print-site-url"]


def _site_url(*args, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SITE_URL"} | env
    result = subprocess.run(["make", "-s", *args, *PRINT], cwd=ROOT, env=environment, capture_output=True, text=True)
    return result.stdout.strip()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_sets_the_site_url_from_its_port():
    assert _site_url("PORT=8123") == "http://127.0.0.1:8123"
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url("PORT=8123", "HOST=0.0.0.0") == "http://127.0.0.1:8123"
    assert _site_url("PORT=8123", DJANGO_SITE_URL="https://platform.example.com") == "https://platform.example.com"
