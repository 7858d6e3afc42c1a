# ruff: noqa: S608 - SQL built from the constants of this script; values are parameters.
"""Benchmark of the reports on PostgreSQL: a big brand, its rollups, and the report views.

    .venv/bin/python bench/reports.py [--quick] [--keep]

Creates a dedicated database (fp_reports_bench, dropped first) on the server of DATABASE_URL
(default postgres://postgres@127.0.0.1:5432), generates the network and two years of daily data
with generate_series (10 million clicks; --quick: 100 franchises, 90 days, 200k clicks), builds the
rollups, then times the franchisor dashboard, a region drill-down and a franchisee dashboard
through the real views (Django's test client: middleware, session, templates; median of 20) next
to the bare SQL of the rollups they read, and the refresh of the rollups after one more day.

Last line: RESULT franchisor_ms=.. region_ms=.. franchisee_ms=.. ratio=.. refresh_s=..
(ratio: the slowest view over its bare SQL). Goals: views <= 200 ms, ratio <= 2, refresh <= 10 s.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FULL = {"franchises": 1000, "locations": 1500, "days": 730, "clicks": 10_000_000, "keywords": 8, "regions": 12}
QUICK = {"franchises": 100, "locations": 150, "days": 90, "clicks": 200_000, "keywords": 8, "regions": 6}
DB_NAME = "fp_reports_bench"


def create_database(server_url: str) -> str:
    import psycopg2

    parsed = urlparse(server_url)
    admin = parsed._replace(path="/postgres").geturl()
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    connection.close()
    return parsed._replace(path=f"/{DB_NAME}").geturl()


def timed(label: str, func):
    started = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - started:.2f} s", flush=True)
    return result


def generate(size: dict, today: datetime.date):
    from django.db import connection

    from budgets.models import Keyword, Pool
    from network.models import Brand, Franchise, Region, Role
    from tests.factories import UserFactory, grant_role

    brand = Brand.objects.create(name="Bench", slug="bench")
    regions = [Region.objects.create(brand=brand, name=f"Region {i}", slug=f"r{i}") for i in range(size["regions"])]
    pool = Pool.objects.create(brand=brand, name="Bench pool", slug="bench-pool")
    keywords = [Keyword.objects.create(pool=pool, text=f"keyword {i}") for i in range(size["keywords"])]
    first_day = today - datetime.timedelta(days=size["days"])
    params = {
        "brand": brand.pk,
        "r0": regions[0].pk,
        "nr": len(regions),
        "nf": size["franchises"],
        "nl": size["locations"],
        "pool": pool.pk,
        "k0": keywords[0].pk,
        "nk": len(keywords),
        "clicks": size["clicks"],
        "first": first_day,
        "days": size["days"],
    }
    with connection.cursor() as cursor:
        # Bulk generation: skip the per-row foreign-key triggers (the ids are consistent by
        # construction); the server user of the bench is a superuser.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            """INSERT INTO network_franchise (brand_id, region_id, name, slug, legal_name, email, phone, is_active,
               created_at) SELECT %(brand)s, %(r0)s + (i %% %(nr)s), 'Franchise ' || i, 'f-' || i, '', '', '', true,
               now() FROM generate_series(1, %(nf)s) i""",
            params,
        )
        cursor.execute("SELECT MIN(id) FROM network_franchise WHERE brand_id = %s", [brand.pk])
        params["f0"] = cursor.fetchone()[0]
        cursor.execute(
            """INSERT INTO network_location (brand_id, region_id, franchise_id, name, street_address, postal_code,
               city, state, country, phone, time_zone, is_active, created_at)
               SELECT %(brand)s, f.region_id, f.id, 'Store ' || i, i || ' rue Principale', 'H2X 1K4', 'Montréal',
               'QC', 'CA', '', 'America/Toronto', true, now()
               FROM generate_series(1, %(nl)s) i JOIN network_franchise f ON f.id = %(f0)s + ((i - 1) %% %(nf)s)""",
            params,
        )
        cursor.execute("SELECT id, franchise_id FROM network_location WHERE brand_id = %s ORDER BY id", [brand.pk])
        stores = cursor.fetchall()
        params["li"] = [row[0] for row in stores]
        params["lf"] = [row[1] for row in stores]
        timed(
            "clicks",
            lambda: cursor.execute(
                """INSERT INTO budgets_click (pool_id, keyword_id, keyword_text, match_type, franchise_id,
                   location_id, created_at, click_id, device, place, is_bot)
                   SELECT %(pool)s, %(k0)s + (g * 7) %% %(nk)s, '', '', (%(lf)s::bigint[])[1 + (g * 7919) %% %(nl)s],
                   (%(li)s::bigint[])[1 + (g * 7919) %% %(nl)s],
                   %(first)s::timestamptz + (random() * %(days)s * 86400) * interval '1 second', '', '', '',
                   random() < 0.02
                   FROM generate_series(1::bigint, %(clicks)s) g""",
                params,
            ),
        )
        timed("leads", lambda: cursor.execute(LEADS_SQL, {**params, "since": first_day}))
        timed("charges", lambda: cursor.execute(CHARGES_SQL, {**params, "since": first_day}))
        timed(
            "listing statistics", lambda: cursor.execute(STATS_SQL, {**params, "since": first_day, "n": size["days"]})
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")
    users = {
        "franchisor": (Role.FRANCHISOR_ADMIN, brand),
        "region": (Role.REGION_MANAGER, regions[0]),
        "franchisee": (Role.FRANCHISEE_OWNER, Franchise.objects.get(pk=params["f0"])),
    }
    result = {}
    for name, (role, node) in users.items():
        user = UserFactory(username=f"bench-{name}")
        grant_role(user, role, node)
        result[name] = user
    return brand, regions[0], result, params


LEADS_SQL = """INSERT INTO budgets_lead (brand_id, franchise_id, location_id, click_id, keyword_id, created_at, status,
    revenue, won_at, name, email, phone, message, consent, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
    click_ref)
    SELECT %(brand)s, c.franchise_id, c.location_id, c.id, c.keyword_id, c.created_at + interval '5 minutes',
    CASE WHEN c.id %% 3 = 0 THEN 'won' ELSE 'new' END,
    CASE WHEN c.id %% 3 = 0 THEN 500 + (c.id %% 1500) ELSE NULL END,
    CASE WHEN c.id %% 3 = 0 THEN c.created_at + interval '2 days' ELSE NULL END,
    'Prospect', '', '', '', true, '', '', '', '', '', ''
    FROM budgets_click c WHERE c.pool_id = %(pool)s AND c.created_at >= %(since)s AND c.id %% 31 = 0
    AND NOT c.is_bot"""

CHARGES_SQL = """INSERT INTO budgets_dailycharge (pool_id, keyword_id, franchise_id, day, impressions, clicks, amount)
    SELECT pool_id, keyword_id, franchise_id, (created_at AT TIME ZONE 'UTC')::date, COUNT(*) * 23, COUNT(*),
    COUNT(*) * 2.35 FROM budgets_click WHERE pool_id = %(pool)s AND created_at >= %(since)s AND NOT is_bot
    GROUP BY 1, 2, 3, 4 ON CONFLICT DO NOTHING"""

STATS_SQL = """INSERT INTO listings_listingdailystats (location_id, directory, day, views, calls, direction_requests,
    website_clicks, review_count, rating)
    SELECT loc.id, 'google', %(since)s::date + d, 50 + (loc.id + d) %% 90, (loc.id + d) %% 7, (loc.id * d) %% 9,
    (loc.id + 2 * d) %% 11, 20 + d / 7, 3.5 + ((loc.id + d) %% 15) / 10.0
    FROM network_location loc, generate_series(0, %(n)s - 1) d WHERE loc.brand_id = %(brand)s
    ON CONFLICT DO NOTHING"""


def one_more_day(params: dict, today: datetime.date, per_day: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM budgets_click")
        before = cursor.fetchone()[0]
        cursor.execute(
            """INSERT INTO budgets_click (pool_id, keyword_id, keyword_text, match_type, franchise_id, location_id,
               created_at, click_id, device, place, is_bot)
               SELECT %(pool)s, %(k0)s + (g * 7) %% %(nk)s, '', '', (%(lf)s::bigint[])[1 + (g * 7919) %% %(nl)s],
               (%(li)s::bigint[])[1 + (g * 7919) %% %(nl)s],
               %(day)s::timestamptz + (random() * 86399) * interval '1 second', '', '', '', random() < 0.02
               FROM generate_series(1::bigint, %(n)s) g""",
            {**params, "day": today, "n": per_day},
        )
        since = datetime.datetime.combine(today, datetime.time.min, tzinfo=datetime.UTC)
        cursor.execute(
            LEADS_SQL.replace("c.id %% 31 = 0", f"c.id %% 31 = 0 AND c.id > {int(before)}"), {**params, "since": since}
        )
        cursor.execute(CHARGES_SQL, {**params, "since": since})
        cursor.execute(
            STATS_SQL.replace("generate_series(0, %(n)s - 1)", "generate_series(0, 0)"), {**params, "since": today}
        )


def reuse(size: dict):
    """The brand, first region, users and generation parameters of the last run."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from budgets.models import Keyword, Pool
    from network.models import Brand, Region

    brand = Brand.objects.get(slug="bench")
    region = Region.objects.filter(brand=brand).order_by("pk").first()
    users = {
        name: get_user_model().objects.get(username=f"bench-{name}") for name in ("franchisor", "region", "franchisee")
    }
    pool = Pool.objects.get(slug="bench-pool")
    keywords = list(Keyword.objects.filter(pool=pool).order_by("pk"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id) FROM network_franchise WHERE brand_id = %s", [brand.pk])
        f0 = cursor.fetchone()[0]
        cursor.execute("SELECT id, franchise_id FROM network_location WHERE brand_id = %s ORDER BY id", [brand.pk])
        stores = cursor.fetchall()
    params = {
        "pool": pool.pk,
        "k0": keywords[0].pk,
        "nk": len(keywords),
        "nl": len(stores),
        "li": [row[0] for row in stores],
        "lf": [row[1] for row in stores],
        "f0": f0,
        "brand": brand.pk,
    }
    return brand, region, users, params


def median_ms(func, runs: int = 20) -> float:
    func()  # warm the caches and the connection
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 franchises, 90 days, 200k clicks")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the data of the last run (same size) and time the views again"
    )
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    bench_url = urlparse(server)._replace(path=f"/{DB_NAME}").geturl()
    os.environ["DATABASE_URL"] = bench_url if args.reuse else create_database(server)
    os.environ["DJANGO_SETTINGS_MODULE"] = "franchise_platform.settings"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ["CELERY_BROKER_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from reporting import rollups
    from reporting.metrics import BASE_MEASURES
    from reporting.models import FranchiseDayRollup

    call_command("migrate", verbosity=0)
    today = datetime.date.today()
    print(f"size: {size}", flush=True)
    if args.reuse:
        brand, region, users, params = reuse(size)
        timed("bring the rollups up to date", rollups.refresh)
    else:
        brand, region, users, params = timed("generate", lambda: generate(size, today - datetime.timedelta(days=1)))
        timed("first build of the rollups", lambda: rollups.refresh(full=True))
    print(f"rollup rows: {FranchiseDayRollup.objects.count()} per franchise-day", flush=True)

    start, end = today - datetime.timedelta(days=30), today - datetime.timedelta(days=1)
    period = f"start={start}&end={end}&compare=previous"
    views = {
        "franchisor": ("franchisor", f"/reports/?{period}"),
        "region": ("franchisor", f"/reports/?region={region.pk}&{period}"),
        "franchisee": ("franchisee", f"/reports/?{period}"),
    }
    bare = {
        "franchisor": ("brand_id", brand.pk, "region_id"),
        "region": ("region_id", region.pk, "franchise_id"),
        "franchisee": ("franchise_id", params["f0"], "day"),
    }
    # The same sums the views need (every measure of the rollups), so that the ratio is overhead.
    sums = ", ".join(f"SUM({m})" for m in BASE_MEASURES)
    previous = (start - datetime.timedelta(days=30), start - datetime.timedelta(days=1))
    results, ratios = {}, []
    for name, (username, url) in views.items():
        client = Client(SERVER_NAME="localhost")
        client.force_login(users[username])
        assert client.get(url).status_code == 200, url
        view_ms = median_ms(lambda client=client, url=url: client.get(url))
        column, value, group = bare[name]

        def sql(column=column, value=value, group=group):
            with connection.cursor() as cursor:
                table = "reporting_franchisedayrollup"
                cursor.execute(
                    f"SELECT {group}, {sums} FROM {table} WHERE {column} = %s AND day BETWEEN %s AND %s GROUP BY 1",
                    [value, start, end],
                )
                cursor.fetchall()
                cursor.execute(
                    f"SELECT {sums} FROM {table} WHERE {column} = %s AND day BETWEEN %s AND %s", [value, *previous]
                )
                cursor.fetchall()
                cursor.execute(
                    f"SELECT day, {sums} FROM {table} WHERE {column} = %s AND day BETWEEN %s AND %s GROUP BY 1",
                    [value, start, end],
                )
                cursor.fetchall()

        sql_ms = median_ms(sql)
        results[name] = view_ms
        ratios.append(view_ms / sql_ms if sql_ms else 0)
        print(f"{name}: view {view_ms:.1f} ms, bare SQL {sql_ms:.1f} ms", flush=True)
    slowest = max(results, key=results.get)
    ratio = ratios[list(results).index(slowest)]
    one_more_day(params, today, size["clicks"] // size["days"])
    started = time.perf_counter()
    rollups.refresh()
    refresh_s = time.perf_counter() - started
    print(
        f"RESULT franchisor_ms={results['franchisor']:.1f} region_ms={results['region']:.1f} "
        f"franchisee_ms={results['franchisee']:.1f} ratio={ratio:.2f} refresh_s={refresh_s:.2f}"
    )


if __name__ == "__main__":
    main()
