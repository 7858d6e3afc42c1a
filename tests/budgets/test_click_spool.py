"""Clicks answered while the database is unreachable are spooled on disk and stored exactly once
when it answers again (the router never stops redirecting)."""

import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from budgets import clickspool, clickwriter, router
from budgets.clickwriter import ClickRow
from budgets.models import Click, Territory
from tests.budgets.helpers import fund, make_pool

BROWSER = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
)


@pytest.fixture(autouse=True)
def spool_dir(tmp_path, settings):
    settings.BUDGETS_CLICK_SPOOL_DIR = str(tmp_path / "spool")
    router.reset()
    clickspool.reset()
    yield tmp_path / "spool"
    router.reset()
    clickwriter.shutdown()
    clickspool.reset()


def row(pool, n, token=None, click_id=None) -> ClickRow:
    return ClickRow(
        pool_id=pool.pk,
        keyword_id=None,
        keyword_text="alpha assurance",
        match_type="e",
        franchise_id=None,
        location_id=None,
        created_at=timezone.now(),
        click_id=f"spool-{n}" if click_id is None else click_id,
        device="m",
        geo_criteria_id=None,
        place="H2X",
        is_bot=False,
        token=token or f"{n:032x}",
    )


@pytest.mark.django_db
def test_spooled_clicks_are_written_once_even_when_drained_twice(world):
    pool = make_pool(world.A)
    clicks = [row(pool, n) for n in range(120)] + [row(pool, 1000 + n, click_id="") for n in range(5)]
    clickspool.spool(clicks[:70])
    clickspool.spool(clicks[70:])
    # The same clicks spooled again (a drainer died after writing them, before deleting its file).
    clickspool.spool(clicks)
    assert clickspool.pending_count() == 250
    assert clickwriter.drain() == 250
    assert Click.objects.filter(pool=pool).count() == 125  # the five without a click id included
    assert clickspool.pending_count() == 0 and clickwriter.drain() == 0


@pytest.mark.django_db
def test_a_line_cut_short_by_a_crash_does_not_block_the_rest(world, spool_dir):
    pool = make_pool(world.A)
    clickspool.spool([row(pool, 1)])
    with open(next(spool_dir.glob("*.jsonl")), "a", encoding="utf-8") as handle:
        handle.write('{"pool_id": 1, "keyword_te')
    clickspool.spool([row(pool, 2)])
    assert clickwriter.drain() == 2
    assert set(Click.objects.filter(pool=pool).values_list("click_id", flat=True)) == {"spool-1", "spool-2"}


@pytest.mark.django_db
def test_spooling_while_another_process_drains_loses_nothing(world):
    pool = make_pool(world.A)
    claimed: list[int] = []

    def writer():
        for n in range(400):
            clickspool.spool([row(pool, n)])

    thread = threading.Thread(target=writer)
    thread.start()
    while thread.is_alive():
        claimed.append(clickwriter.drain())
    thread.join()
    claimed.append(clickwriter.drain())
    assert sum(claimed) == 400
    assert Click.objects.filter(pool=pool).count() == 400


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unreachable_database():
    """Point the default connection at a port where nothing listens (connection refused)."""
    database = connections["default"]
    port = database.settings_dict["PORT"]
    database.close()
    database.settings_dict["PORT"] = _closed_port()
    return database, port


def _outage_franchise(amount: str):
    from tests.factories import FranchiseFactory, LocationFactory

    franchise = FranchiseFactory(slug="north")
    LocationFactory(franchise=franchise, postal_code="H2X 1A1")
    pool = make_pool(franchise.brand, slug="outage")
    fund(pool, franchise, amount)
    Territory.objects.create(franchise=franchise, kind="postal_prefix", value="H2X")
    return franchise, pool


# 2 December: 30 days left in the month, so a balance of 4,500.00 paces to 150.00 a day, at the
# default 1.50 per click 100 clicks: far above the 32 this test sends.
@time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=UTC), tick=False)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server to lose")
@pytest.mark.django_db(transaction=True)
def test_the_router_keeps_answering_while_the_database_is_unreachable(client, settings):
    client.defaults["HTTP_USER_AGENT"] = BROWSER  # people's clicks: scripted ones are never paced nor charged
    franchise, pool = _outage_franchise("4500.00")
    assert client.get("/go/outage/", {"gclid": "before", "loc": "H2X"}).status_code == 302
    assert router._tables["outage"].routes[franchise.pk].cap == 100

    database, port = _unreachable_database()
    try:
        answers = [client.get("/go/outage/", {"gclid": f"down-{n}", "loc": "H2X"}) for n in range(30)]
        # A table rebuild is due, past midnight, while the database is away: the last table keeps
        # routing, and the next requests do not try the database again before TABLE_RETRY.
        table = router._tables["outage"]
        table.built_at -= router.TABLE_TTL
        table.day -= timedelta(days=1)
        answers.append(client.get("/go/outage/", {"gclid": "down-stale", "geo": "1002604"}))  # geo: a lookup
        assert table.retry_at > time.monotonic() and router._fresh(table)
    finally:
        database.close()
        database.settings_dict["PORT"] = port
    assert [urlsplit(answer["Location"]).path for answer in answers] == ["/" + franchise.brand.slug + "/north/"] * 31
    assert clickspool.pending_count() == 31
    assert Click.objects.filter(pool=pool).count() == 1

    # The next click after the database is back (and the writer's pause) writes itself and all
    # that was spooled.
    clickspool.reset()
    assert client.get("/go/outage/", {"gclid": "after", "loc": "H2X"}).status_code == 302
    assert Click.objects.filter(pool=pool).count() == 33
    assert clickspool.pending_count() == 0
    assert Click.objects.filter(pool=pool, franchise=franchise).count() == 33


# 2 December: 500.00 over the 30 days left is 16.67 a day, 12 clicks at 1.50 (11.11 rounded up).
@time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=UTC), tick=False)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server to lose")
@pytest.mark.django_db(transaction=True)
def test_the_last_table_keeps_pacing_a_franchise_while_the_database_is_unreachable(client, settings):
    client.defaults["HTTP_USER_AGENT"] = BROWSER  # people's clicks: scripted ones are never paced nor charged
    franchise, _pool = _outage_franchise("500.00")
    assert client.get("/go/outage/", {"gclid": "before", "loc": "H2X"}).status_code == 302
    assert router._tables["outage"].routes[franchise.pk].cap == 12

    database, port = _unreachable_database()
    try:
        answers = [client.get("/go/outage/", {"gclid": f"down-{n}", "loc": "H2X"}) for n in range(12)]
    finally:
        database.close()
        database.settings_dict["PORT"] = port
    paths = [urlsplit(answer["Location"]).path for answer in answers]
    brand = "/" + franchise.brand.slug
    assert paths == [f"{brand}/north/"] * 11 + [f"{brand}/"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the writer thread needs a real shared database")
@pytest.mark.django_db(transaction=True)
def test_the_write_behind_thread_drains_the_spool_without_new_traffic(settings, world):
    settings.BUDGETS_CLICK_WRITE_BEHIND_MS = 5
    pool = make_pool(world.A, slug="quiet")
    clickspool.spool([row(pool, n) for n in range(10)])
    clickwriter.record_click(row(pool, 99))  # starts the writer thread, then no more clicks
    deadline = time.monotonic() + 10
    while Click.objects.filter(pool=pool).count() < 11 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert Click.objects.filter(pool=pool).count() == 11


@pytest.mark.django_db
def test_the_drain_command_writes_what_is_spooled(world):
    from io import StringIO

    from django.core.management import call_command

    pool = make_pool(world.A)
    clickspool.spool([row(pool, n) for n in range(3)])
    out = StringIO()
    call_command("drain_click_spool", stdout=out)
    assert "3 click(s) written, 0 still spooled" in out.getvalue()
    assert Click.objects.filter(pool=pool).count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server session to cut")
@pytest.mark.django_db(transaction=True)
def test_a_drain_on_a_connection_the_database_cut_recovers_on_the_next_attempt(world):
    import psycopg2

    pool = make_pool(world.A, slug="cut")
    database = connections["default"]
    database.ensure_connection()
    backend = database.connection.get_backend_pid()
    # What a PostgreSQL restart does to every open session, from another session.
    params = database.get_connection_params()
    with psycopg2.connect(**params) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    other.close()
    clickspool.spool([row(pool, n) for n in range(4)])
    assert clickwriter.drain() == 0  # the cut connection fails once...
    clickspool.reset()
    assert clickwriter.drain() == 4  # ...and is not reused
    assert Click.objects.filter(pool=pool).count() == 4
