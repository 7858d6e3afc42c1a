"""`make run` with no services runs the background work: a real worker and beat over the
embedded broker, on a SQLite file that the web process and the worker write at once.

The test does what `make run` does, in a directory of its own: migrate, load the demo, then
`scripts/run.sh` (web server, directory simulator, embedded worker with beat). It then uses the
platform over HTTP as a person would: a lead sent from a franchise's public page shows in the
franchisee's reports within a minute with nothing typed by hand (beat's rollup refresh), the
drift verification has run at start, and a bulk change answers at once and is finished by the
worker while its progress is read.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-pass-2026"
# Everything that would point the platform at a service: the embedded default has none.
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "DIRECTORY_SIMULATOR_URL",
    "DIRECTORY_TEST_SIMULATOR_URL",
    "TEST_WORKER_QUEUE",
    "DJANGO_ENV",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _until(check, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not seen within {timeout} s; make run's output ends with:\n{_tail(log)}")
        time.sleep(0.5)


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-6000:] if log.exists() else ""


@pytest.fixture
def embedded_platform(tmp_path):
    """The platform as `make run` starts it with no services, on a fresh SQLite file."""
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARIABLES}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_BROKER_DIR=str(tmp_path / "broker"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        BUDGETS_CLICK_SPOOL_DIR=str(tmp_path / "click-spool"),
        PY=sys.executable,
        CELERY_LOG_LEVEL="INFO",
    )
    for command in (["migrate", "--noinput"], ["seed_demo", "--if-empty"]):  # the Makefile's `run` target
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600
        )
    port, sim_port = _free_port(), _free_port()
    log = tmp_path / "make-run.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            ["bash", "scripts/run.sh", "127.0.0.1", str(port), str(sim_port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:

        def web_answers():
            try:
                return requests.get(f"{base}/healthz", timeout=2).status_code == 200
            except requests.ConnectionError:
                return False

        _until(web_answers, 120, "the web server", log)
        yield base, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # Ctrl-C's cleanup: run.sh stops what it started
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _csrf(session: requests.Session, url: str) -> str:
    session.get(url, timeout=10)
    return session.cookies["csrftoken"]


def _signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    token = _csrf(session, f"{base}/accounts/login/")
    response = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        timeout=30,
    )
    assert response.url.rstrip("/") == base, f"{username} could not sign in"
    return session


def _api(base: str, username: str) -> requests.Session:
    session = requests.Session()
    token = session.post(
        f"{base}/api/v1/auth/token/", data={"username": username, "password": PASSWORD}, timeout=30
    ).json()["token"]
    session.headers["Authorization"] = f"Token {token}"
    return session


def _recent_leads(api: requests.Session, base: str) -> int:
    """Leads of yesterday and today (two days: a lead sent just before midnight still counts)."""
    today = time.strftime("%Y-%m-%d", time.gmtime())
    yesterday = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400))
    report = api.get(f"{base}/api/v1/reports/performance/", params={"start": yesterday, "end": today}, timeout=30)
    assert report.status_code == 200, report.text
    value = next(kpi["value"] for kpi in report.json()["kpis"] if kpi["key"] == "leads")
    return int(float(value or 0))


def test_make_run_without_services_runs_scheduled_jobs_and_bulk_changes_in_the_background(embedded_platform):
    base, log = embedded_platform
    franchisee = _api(base, "franchisee")

    # A scheduled job at start: beat ran the drift verification, which found the demo's drifts.
    editor = _signed_in(base, "listings")
    _until(
        lambda: "data-drift" in editor.get(f"{base}/listings/drifts/", timeout=30).text,
        90,
        "a drift found by the verification beat runs at start",
        log,
    )

    # A lead from the public page shows in the reports within a minute, nothing typed by hand.
    franchise = franchisee.get(f"{base}/api/v1/franchises/", timeout=30).json()["results"][0]
    before = _recent_leads(franchisee, base)
    visitor = requests.Session()
    page = f"{base}/grande-assurance/{franchise['slug']}/"
    sent = visitor.post(
        f"{page}lead/",
        data={
            "name": "Léa Martin",
            "email": "lea@example.test",
            "consent": "on",
            "csrfmiddlewaretoken": _csrf(visitor, page),
        },
        timeout=30,
    )
    assert sent.status_code == 200 and sent.url.endswith("?sent=1")
    sent_at = time.monotonic()
    _until(lambda: _recent_leads(franchisee, base) == before + 1, 60, "the new lead in the reports", log)
    assert time.monotonic() - sent_at <= 60

    # A bulk change answers at once; the worker publishes it while the page reads its progress.
    form = editor.get(f"{base}/listings/bulk/holiday-hours/", timeout=30).text
    region = re.search(r'<select name="region"[^>]*>.*?<option value="(\d+)"', form, re.S).group(1)
    response = editor.post(
        f"{base}/listings/bulk/holiday-hours/",
        data={
            "scope": "region",
            "region": region,
            "start": "2026-12-26",
            "closed": "on",
            "label": "Lendemain de Noël",
            "csrfmiddlewaretoken": editor.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[-2000:]
    batch_url = f"{base}{response.headers['Location']}"
    snapshots = []

    def finished():
        progress = editor.get(f"{batch_url}progress.json", timeout=30).json()
        snapshots.append((progress["status"], progress["done"], progress["total"]))
        return progress if progress["status"] == "done" else None

    progress = _until(finished, 240, "the end of the bulk change", log)
    assert snapshots[0][1] < snapshots[0][2], f"the change was already published when the page answered: {snapshots}"
    assert progress["locations"]["synced"] == progress["total"] > 0, progress
    assert "database is locked" not in log.read_text(errors="replace")
