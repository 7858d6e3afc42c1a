"""The click router: /go/<pool>/ -> 302 to the chosen franchise's page, one INSERT per click.

Each process keeps a routing table per pool in memory (franchises, shares, territories,
spendable balances, today's pacing caps, keywords), rebuilt every `TABLE_TTL` seconds or when
the day changes. Today's clicks per franchise are counted in the shared cache
(budgets/pacecounter.py), so a daily cap holds whatever the number of web processes, and a
franchise left with nothing to spend is skipped by every process at once; the shares of the
period are counted per process between rebuilds. A warm request makes exactly one database
query: the INSERT.
"""

import logging
import math
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from urllib.parse import parse_qsl, quote_plus, unquote, urlencode, urlsplit

from crawlerdetect import CrawlerDetect
from django.db import DatabaseError
from django.db.models import Count
from django.utils import timezone

from budgets import geo, ledger, pacecounter, pacing
from budgets.clickwriter import ClickRow, record_click
from budgets.keywords import normalise_keyword
from budgets.models import AccountKind, Click, Keyword, LedgerAccount, Pool, Territory, TerritoryKind
from budgets.routing import (
    Candidate,
    Searcher,
    covering,
    furthest_below_share,
    normalise_city,
    normalise_postal,
    normalise_province,
    parse_point,
)
from budgets.services import current_period, day_bounds
from network.models import Location

logger = logging.getLogger(__name__)

TABLE_TTL = 30.0
# When the database cannot rebuild a table, the old one keeps routing; try again this soon.
TABLE_RETRY = 2.0
COVERING_CACHE_SIZE = 10_000
MAX_QUERY_FIELDS = 200
DEFAULT_RADIUS_KM = Decimal("15")
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
# Crawlers, and scripted or headless clients: their clicks are routed like any other (the
# visitor gets a page) but never charged nor counted for pacing. An empty user agent is one too.
BOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|mediapartners|adsbot|facebookexternalhit|bingpreview|yandex|baidu|"
    r"semrush|ahrefs|petalbot|preview|monitor|pingdom|uptime|"
    r"curl|wget|python-requests|python-urllib|python-httpx|aiohttp|go-http-client|okhttp|java/|"
    r"apache-httpclient|libwww-perl|httpie|node-fetch|axios/|scrapy|"
    r"headlesschrome|phantomjs|selenium|webdriver|puppeteer|playwright|slimerjs",
    re.IGNORECASE,
)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CRITERIA_ID = re.compile(r"^[0-9]{1,12}$")
MACRO = re.compile(r"\{[^{}]*\}")
LANDING_KEY = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
MAX_LANDING_PARAMS = 20
RESERVED_PARAMS = {"click"}  # ours: the click id the lead form carries


_crawlers = CrawlerDetect()


@lru_cache(maxsize=4096)
def is_automated(user_agent: str) -> bool:
    """A crawler, a scripted or headless client, or no user agent at all: routed, never charged
    nor counted for pacing. CrawlerDetect's maintained list of crawlers (thousands of patterns),
    plus the scripted and headless clients it does not name (Selenium, PhantomJS, webdriver...)."""
    if not user_agent or not user_agent.strip():
        return True
    return bool(BOTS.search(user_agent)) or _crawlers.isCrawler(user_agent)


@dataclass
class Route:
    franchise_id: int
    slug: str
    location_id: int | None
    candidate: Candidate
    balance: Decimal
    cap: int  # clicks per day before pacing stops sending


@dataclass
class PoolTable:
    pool_id: int
    pool_slug: str
    brand_slug: str
    day: object
    built_at: float  # not money
    routes: dict[int, Route]
    keywords: dict[str, int]
    given: dict[int, int] = field(default_factory=dict)  # clicks of the period, per franchise
    today: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    retry_at: float = 0.0  # not money: while the database is away, when to try a rebuild again
    # Who covers a searcher does not change during the table's life: computed once per place.
    covering_cache: dict[Searcher, tuple[Route, ...]] = field(default_factory=dict)

    def covering_routes(self, searcher: Searcher) -> tuple[Route, ...]:
        routes = self.covering_cache.get(searcher)
        if routes is None:
            covered = covering([route.candidate for route in self.routes.values()], searcher)
            routes = tuple(self.routes[candidate.franchise_id] for candidate in covered)
            if len(self.covering_cache) >= COVERING_CACHE_SIZE:
                self.covering_cache.clear()
            self.covering_cache[searcher] = routes
        return routes

    @cached_property
    def utm_fixed(self) -> str:
        return urlencode({"utm_medium": "cpc", "utm_campaign": self.pool_slug})


_tables: dict[str, PoolTable] = {}
_geo: dict[tuple[str, int], Searcher] = {}
_build_lock = threading.Lock()


def reset() -> None:
    """Forget every cached table (tests, and after a pool's setup changes in this process)."""
    _tables.clear()
    _geo.clear()


def forget(pool_slug: str) -> None:
    """Rebuild this pool's table on its next click (this process; the others within TABLE_TTL)."""
    _tables.pop(pool_slug, None)


def clean(value, limit: int) -> str:
    return CONTROL.sub("", str(value or ""))[:limit].strip()


def param(params, name: str, limit: int) -> str:
    """A click parameter; an unexpanded macro (`{gclid}`, `{loc_physical_ms}`: the platform did not
    fill it in) is no value at all."""
    value = clean(params.get(name), limit)
    return "" if MACRO.search(value) else value


def platform_of(params) -> str:
    """Which ad platform sent the click: its `src` (our tracking templates set it), else its
    click id (gclid: Google, msclkid: Microsoft)."""
    src = param(params, "src", 16).lower()
    if src in ("google", "microsoft"):
        return src
    return "microsoft" if param(params, "msclkid", 128) and not param(params, "gclid", 128) else "google"


def landing_params(params) -> list[tuple[str, str]]:
    """The query parameters of the advertiser's final URL (`url={lpurl}`): utm_*, promo codes...
    Only its parameters are kept: its scheme, host and path never are (no open redirect)."""
    url = clean(params.get("url"), 2000)
    if not url or MACRO.search(url):
        return []
    if url[:8].lower().startswith(("http%3a", "https%3a")):
        url = unquote(url)  # escaped once more by the platform
    try:
        query = urlsplit(url).query
    except ValueError:
        return []
    kept = []
    for key, value in parse_qsl(query, max_num_fields=MAX_LANDING_PARAMS * 2)[:MAX_LANDING_PARAMS]:
        value = clean(value, 200)
        if LANDING_KEY.match(key) and key not in RESERVED_PARAMS and value and not MACRO.search(value):
            kept.append((key, value))
    return kept


def _territories(franchise_ids, locations_by_franchise) -> dict[int, Candidate]:
    prefixes, cities, circles = {}, {}, {}
    provinces = {
        fid: frozenset(normalise_province(loc.state) for loc in locs if loc.state)
        for fid, locs in locations_by_franchise.items()
    }
    for territory in Territory.objects.filter(franchise_id__in=franchise_ids):
        fid = territory.franchise_id
        if territory.kind == TerritoryKind.POSTAL_PREFIX:
            prefixes.setdefault(fid, []).append(normalise_postal(territory.value))
        elif territory.kind == TerritoryKind.CITY:
            cities.setdefault(fid, set()).add(normalise_city(territory.value))
        elif territory.kind == TerritoryKind.RADIUS and territory.radius_km:
            for loc in locations_by_franchise.get(fid, []):
                if loc.latitude is not None and loc.longitude is not None:
                    circles.setdefault(fid, []).append((loc.latitude, loc.longitude, territory.radius_km))
    result = {}
    for fid in franchise_ids:
        if fid not in prefixes and fid not in cities and fid not in circles:
            # No territory drawn yet: its stores' postal areas and cities, and a radius around them.
            locs = locations_by_franchise.get(fid, [])
            prefixes[fid] = [normalise_postal(loc.postal_code)[:3] for loc in locs if loc.postal_code]
            cities[fid] = {normalise_city(loc.city) for loc in locs}
            circles[fid] = [
                (loc.latitude, loc.longitude, DEFAULT_RADIUS_KM)
                for loc in locs
                if loc.latitude is not None and loc.longitude is not None
            ]
        result[fid] = Candidate(
            franchise_id=fid,
            weight=Decimal(0),
            postal_prefixes=tuple(p for p in prefixes.get(fid, []) if p),
            cities=frozenset(cities.get(fid, set())),
            circles=tuple(circles.get(fid, [])),
            provinces=provinces.get(fid, frozenset()),
        )
    return result


def build_table(pool_slug: str) -> PoolTable | None:
    pool = Pool.objects.select_related("brand").filter(slug=pool_slug, is_active=True).first()
    if pool is None:
        return None
    today = timezone.now().date()
    period = current_period(pool, today)
    accounts = {
        a.franchise_id: a
        for a in LedgerAccount.objects.filter(
            pool=pool, kind=AccountKind.FRANCHISE, franchise__is_active=True, franchise__closed_at__isnull=True
        ).select_related("franchise")
    }
    # Money pledged for a later month is not spendable yet (budgets/ledger.py).
    later = ledger.later_money(pool, today) if accounts else {}
    spendable = {fid: a.balance - later.get(fid, 0) for fid, a in accounts.items()}
    weights = pacing.contributions(pool.pk, period)
    if not any(weights.values()):
        weights = dict(spendable)
    locations_by_franchise: dict[int, list] = {}
    for loc in Location.objects.filter(franchise_id__in=list(accounts), is_active=True).order_by("pk"):
        locations_by_franchise.setdefault(loc.franchise_id, []).append(loc)
    candidates = _territories(list(accounts), locations_by_franchise)
    cpc = pacing.average_cpc(pool.pk, today)
    routes = {}
    for fid, account in accounts.items():
        budget = pacing.daily_budget(spendable[fid], period, today)
        candidate = candidates[fid]
        routes[fid] = Route(
            franchise_id=fid,
            slug=account.franchise.slug,
            location_id=locations_by_franchise[fid][0].pk if locations_by_franchise.get(fid) else None,
            candidate=Candidate(
                franchise_id=fid,
                weight=Decimal(weights.get(fid, 0)),
                postal_prefixes=candidate.postal_prefixes,
                cities=candidate.cities,
                circles=candidate.circles,
                provinces=candidate.provinces,
            ),
            balance=spendable[fid],
            cap=math.ceil(budget / cpc) if budget > 0 else 0,
        )
    clicks = Click.objects.filter(pool=pool, is_bot=False, franchise__isnull=False)
    given = {}
    if period is not None:
        given = dict(
            clicks.filter(created_at__range=day_bounds(period.start)[:1] + day_bounds(period.end)[1:])
            .values_list("franchise_id")
            .annotate(n=Count("id"))
        )
    todays = dict(
        clicks.filter(created_at__range=day_bounds(today)).values_list("franchise_id").annotate(n=Count("id"))
    )
    # Today's counts are shared by every web process (budgets/pacecounter.py).
    shared = pacecounter.seed(pool.pk, today, todays, {fid: route.balance > 0 for fid, route in routes.items()})
    for fid, count in (shared or {}).items():
        todays[fid] = max(todays.get(fid, 0), count)
    keywords = {
        normalise_keyword(text): pk
        for pk, text in Keyword.objects.filter(pool=pool, is_active=True).values_list("pk", "text")
    }
    return PoolTable(
        pool_id=pool.pk,
        pool_slug=pool.slug,
        brand_slug=pool.brand.slug,
        day=today,
        built_at=time.monotonic(),
        routes=routes,
        keywords=keywords,
        given=given,
        today=todays,
    )


def _fresh(table: PoolTable | None) -> bool:
    """Usable without a rebuild: built less than `TABLE_TTL` ago today, or a rebuild just failed
    (the database is away; also past midnight, so requests do not queue on the build lock to
    knock on a database that is down)."""
    if table is None:
        return False
    now = time.monotonic()
    return now < table.retry_at or (now - table.built_at < TABLE_TTL and table.day == timezone.now().date())


def table_for(pool_slug: str) -> PoolTable | None:
    """The pool's routing table, rebuilt when stale. If the database cannot be read, the table
    this process already has keeps routing (degraded: balances and caps as they were) and a
    rebuild is tried again every `TABLE_RETRY` seconds; with no table yet the error propagates."""
    table = _tables.get(pool_slug)
    if _fresh(table):
        return table
    with _build_lock:
        table = _tables.get(pool_slug)
        if not _fresh(table):
            try:
                rebuilt = build_table(pool_slug)
            except DatabaseError:
                if table is None:
                    raise
                logger.warning("database unavailable: pool %s routes with its last table", pool_slug)
                table.retry_at = time.monotonic() + TABLE_RETRY
                return table
            if rebuilt is None:
                _tables.pop(pool_slug, None)
                return None
            table = rebuilt
            _tables[pool_slug] = table
    return table


def searcher_from(params, source: str = "google") -> Searcher:
    """Where the searcher is: an explicit `loc` (a point or a postal code), else the platform's
    physical location id (`geo`), else its location of interest (`geo_int`)."""
    loc = param(params, "loc", 64)
    point = parse_point(loc)
    if point:
        return Searcher(point=point)
    if loc:
        postal = normalise_postal(loc)
        if postal:
            return Searcher(postal=postal)
    for name in ("geo", "geo_int"):
        value = param(params, name, 20)
        if CRITERIA_ID.match(value):
            searcher = geo_searcher(int(value), source)
            if searcher.is_known:
                return searcher
    return Searcher()


def geo_searcher(location_id: int, source: str = "google") -> Searcher:
    """The place behind a platform's location id, looked up in that platform's own table."""
    key = (source, location_id)
    if key not in _geo:
        try:
            searcher = (
                geo.microsoft_searcher(location_id) if source == "microsoft" else geo.google_searcher(location_id)
            )
        except DatabaseError:  # routed as a searcher of unknown place until the database is back
            return Searcher()
        if len(_geo) > 50_000:
            _geo.clear()
        _geo[key] = searcher
    return _geo[key]


def choose(table: PoolTable, searcher: Searcher) -> Route | None:
    """The covering franchise furthest below its fair share, skipping spent or paced ones."""
    today = table.today
    live = [
        route.candidate
        for route in table.covering_routes(searcher)
        if route.balance > 0 and today.get(route.franchise_id, 0) < route.cap
    ]
    chosen = furthest_below_share(live, table.given)
    return table.routes[chosen.franchise_id] if chosen else None


def choose_and_count(table: PoolTable, searcher: Searcher, *, count: bool) -> Route | None:
    """Choose, and count the click on the shared pacing counter (budgets/pacecounter.py): a
    franchise whose shared count is over its cap (other processes filled it, or it was stopped)
    is skipped from now on and the next one is chosen. Automated visitors are not counted."""
    while True:
        with table.lock:
            route = choose(table, searcher)
            if route is None or not count:
                return route
        fid = route.franchise_id
        shared = pacecounter.take(table.pool_id, table.day, fid)
        with table.lock:
            if shared is None:  # the cache is away: this process's own count meanwhile
                table.today[fid] = table.today.get(fid, 0) + 1
            else:
                table.today[fid] = max(shared, table.today.get(fid, 0) + 1)
            if shared is None or shared <= route.cap:
                table.given[fid] = table.given.get(fid, 0) + 1
                return route
        pacecounter.give_back(table.pool_id, table.day, fid)


def query_params(query_string: str) -> dict[str, str]:
    """The click's parameters from the raw WSGI query string (the last value of a repeated name,
    as `request.GET.get` gives); without building a QueryDict, which costs more than the routing.
    Bytes that are not UTF-8 are read as Latin-1, as Django does; too many fields: none at all."""
    raw = query_string.encode("latin-1", "replace")
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    try:
        return dict(parse_qsl(text, errors="replace", max_num_fields=MAX_QUERY_FIELDS))
    except ValueError:
        return {}


@dataclass(frozen=True)
class Decision:
    location: str
    click: ClickRow | None


def route_click(pool_slug: str, params, user_agent: str) -> Decision | None:
    """Choose, record and answer where to send one ad click (None: unknown pool)."""
    if not SLUG.match(pool_slug or ""):
        return None
    table = table_for(pool_slug)
    if table is None:
        return None
    keyword_text = param(params, "kw", 200)
    # From the raw parameter: a tab between two words is a space, not nothing.
    normalised = normalise_keyword(keyword_text and str(params.get("kw") or "")[:400])
    gclid, msclkid = param(params, "gclid", 128), param(params, "msclkid", 128)
    click_id = gclid or msclkid
    is_bot = is_automated((user_agent or "")[:1000])
    source = platform_of(params)
    searcher = searcher_from(params, source)
    route = choose_and_count(table, searcher, count=not is_bot)
    # The fixed part of the query string is built once per table; only the term and id vary.
    utm_source = "bing" if source == "microsoft" else "google"
    query = f"utm_source={utm_source}&{table.utm_fixed}&utm_term={quote_plus(keyword_text)}"
    landing = landing_params(params) if "url" in params else []
    if landing:
        # The advertiser's own parameters win over ours (their utm_campaign, their promo code).
        ours = dict(parse_qsl(query))
        ours.update(landing)
        query = urlencode(ours)
    if click_id:
        query += f"&click={quote_plus(click_id)}"
    path = f"/{table.brand_slug}/{route.slug}/" if route else f"/{table.brand_slug}/"
    geo_id = param(params, "geo", 20)
    click = ClickRow(
        pool_id=table.pool_id,
        keyword_id=table.keywords.get(normalised),
        keyword_text=keyword_text,
        match_type=param(params, "match", 16),
        franchise_id=route.franchise_id if route else None,
        location_id=route.location_id if route else None,
        created_at=timezone.now(),
        click_id=click_id,
        device=param(params, "device", 16),
        # Google's criteria id (the click records compare it); Microsoft's ids are other numbers.
        geo_criteria_id=int(geo_id) if source == "google" and CRITERIA_ID.match(geo_id) else None,
        place=(
            searcher.postal
            or searcher.city
            or searcher.province
            or (param(params, "loc", 64) if searcher.point else "")
        )[:64],
        is_bot=is_bot,
        token=uuid.uuid4().hex,
    )
    try:
        record_click(click)
    except Exception:  # the visitor still gets their page; the loss is logged
        logger.exception("could not record a click for pool %s", pool_slug)
        click = None
    return Decision(location=f"{path}?{query}", click=click)
