"""Browser journeys: Playwright driving Debian's Chromium against a live server.

No browser download: Chromium comes from `apt-get install chromium` (`make test` installs it
where it can). In CI a missing Chromium fails the run instead of skipping.
"""

import os
import shutil

import pytest

from tests.services import need

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves are plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DEMO_PASSWORD = "demo-pass-2026"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    need(os.path.exists(CHROMIUM), "Chromium is not installed: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements-dev installs it
        need(False, "the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_network(transactional_db):
    from network.demo import seed_network

    return seed_network(password=DEMO_PASSWORD)


PERSON = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def page(browser, live_server):
    # A person's browser: headless Chromium announces itself as HeadlessChrome, an automated
    # visitor whose ad clicks the router never counts nor charges.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", user_agent=PERSON)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-form=login] button[type=submit]")
    page.wait_for_selector("[data-page=dashboard]")
