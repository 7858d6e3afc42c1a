"""Everyday use in French, in a real browser: the public store locator, the reports with their
charts, and a French user with unread notifications walking every entry of the menu.

Screenshots (PNG) go to E2E_SCREENSHOT_DIR when it is set (e.g. /work/screenshots), else to the
test's temporary directory.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from messaging.models import Conversation, Message, Notification, Participant
from tests.e2e.conftest import DEMO_PASSWORD, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db):
    """The whole demo: network, pools, listings with hours, reports and help centre."""
    from network.demo import BRAND
    from network.models import Brand

    call_command("seed_demo", password=DEMO_PASSWORD, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return Brand.objects.get(slug=BRAND["slug"])


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("E2E_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_visitor_finds_the_nearest_store_on_the_map_and_taps_its_number(page, demo, shots):
    store = demo.locations.exclude(latitude=None).order_by("pk").first()
    page.goto(f"/{demo.slug}/")
    page.wait_for_selector("#store-map[data-ready='1']")
    assert page.locator(".leaflet-marker-icon").count() == page.locator("[data-store]").count()
    page.fill("#q", store.postal_code)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("#store-map[data-ready='1']")
    distances = [
        float(d) for d in page.eval_on_selector_all("[data-distance]", "cards => cards.map(c => c.dataset.distance)")
    ]
    assert distances == sorted(distances) and distances[0] < 5
    first = page.locator("[data-store]").first
    assert "du plus proche au plus éloigné" in page.locator("[data-store-count]").inner_text()
    assert first.locator("[data-phone]").get_attribute("href").startswith("tel:+")
    assert "+" not in first.locator("[data-phone]").inner_text()  # national format, e.g. (514) 555-0100
    assert first.locator("[data-today]").count() == 1
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.screenshot(path=str(shots / "locator-fr.png"))  # the map and the nearest stores


def test_the_franchisor_reads_the_reports_in_french_with_drawn_charts(page, demo, shots):
    log_in(page, "franchisor")
    page.click("[data-nav=reports]")
    page.wait_for_selector("[data-page=reports][data-level=brand]")
    page.wait_for_selector("canvas[data-drawn='1']")
    titles = page.eval_on_selector_all(
        "canvas[data-chart-config]", "c => c.map(x => x.chart.options.plugins.title.text)"
    )
    assert len(titles) == 3 and all(titles)
    assert page.eval_on_selector("[data-chart=by-child] canvas", "c => c.chart.options.scales.y.title.text").endswith(
        "(CAD)"
    )
    cost = page.locator("[data-kpi=cost] [data-value]").inner_text()
    assert cost.endswith("$") and "," in cost  # e.g. 36 700,00 $
    page.screenshot(path=str(shots / "reports-fr.png"), full_page=True)


def test_the_members_page_in_french(page, demo, shots):
    log_in(page, "franchisor")
    page.click("[data-nav=members]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    page.screenshot(path=str(shots / "members-fr.png"), full_page=True)


def _unread(user, other, brand, count: int) -> None:
    """Exactly `count` unread notifications and conversations (the demo's own are read)."""
    from django.utils import timezone

    Notification.objects.filter(user=user).update(is_read=True)
    Participant.objects.filter(user=user).update(last_read_at=timezone.now() + timezone.timedelta(days=365))
    Notification.objects.bulk_create(
        Notification(user=user, kind=Notification.Kind.REPLY, title=f"Réponse {n}", url="/help/") for n in range(count)
    )
    for n in range(count):
        conversation = Conversation.objects.create(subject=f"Question {n}", brand=brand, started_by=other)
        Participant.objects.create(conversation=conversation, user=other)
        Participant.objects.create(conversation=conversation, user=user)
        Message.objects.create(conversation=conversation, author=other, body="Bonjour")


@pytest.mark.parametrize("username", ["franchisor", "region", "franchisee", "listings"])
def test_a_french_user_with_unread_notifications_walks_every_menu_entry(page, demo, username):
    from accounts.models import User

    user = User.objects.get(username=username)
    user.language = "fr"
    user.save(update_fields=["language"])
    other = User.objects.get(username="marketing")
    _unread(user, other, demo, 2)
    log_in(page, username)
    entries = page.eval_on_selector_all(
        ".mainnav [data-nav]", "links => links.map(a => [a.dataset.nav, a.getAttribute('href')])"
    )
    assert len(entries) >= 4
    for key, href in entries:
        response = page.goto(href)
        assert response.status < 400, f"{key} {href}: HTTP {response.status}"
        assert page.locator("html").get_attribute("lang") == "fr"
        bells = page.eval_on_selector_all(
            "[data-bell-notifications]",
            "links => links.map(a => [a.getAttribute('aria-label'), a.nextElementSibling.getAttribute('aria-label')])",
        )
        assert bells and all(b == ["2 notifications non lues", "2 conversations non lues"] for b in bells), key
        assert page.locator("[data-error-page]").count() == 0, key
