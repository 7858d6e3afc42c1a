"""Full-text search over the posts a user may see: PostgreSQL's French and English
configurations, ranked, with highlights; a plain word match on SQLite.

Highlights are built from the Markdown source with sentinel markers, escaped, then the markers
become <mark>: the text of a post never reaches the page unescaped.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape

from forum.selectors import post_list

START, STOP = "\u2063[[", "]]\u2063"
CONFIGS = ("french", "english")


@dataclass
class Hit:
    post: object
    rank: float
    title_html: str
    excerpt_html: str


def _to_html(text: str) -> str:
    return escape(text).replace(escape(START), "<mark>").replace(escape(STOP), "</mark>")


def _terms(query: str) -> list[str]:
    return [term for term in re.findall(r"\w+", query.lower()) if len(term) > 1][:8]


def search_posts(*, user, query: str, limit: int = 50, language: str = "fr") -> list[Hit]:
    # Control characters (a NUL byte above all, which PostgreSQL refuses) never reach the query.
    query = "".join(ch if ch.isprintable() else " " for ch in (query or "")).strip()[:200]
    if not _terms(query):
        return []
    if connection.vendor == "postgresql":
        return _search_postgres(user, query, limit, language)
    return _search_simple(user, query, limit)


def _search_postgres(user, query, limit, language):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector

    vector = None
    search = None
    for config in CONFIGS:
        part = SearchVector("thread__title", weight="A", config=config) + SearchVector(
            "body", weight="B", config=config
        )
        vector = part if vector is None else vector + part
        q = SearchQuery(query, config=config, search_type="websearch")
        search = q if search is None else search | q
    config = "english" if language == "en" else "french"
    options = {"start_sel": START, "stop_sel": STOP, "config": config}
    headline_query = SearchQuery(query, config=config, search_type="websearch")
    rows = (
        post_list(user=user)
        .annotate(document=vector, rank=SearchRank(vector, search))
        .filter(document=search)
        .annotate(
            excerpt=SearchHeadline("body", headline_query, max_words=30, min_words=12, **options),
            title_marked=SearchHeadline("thread__title", headline_query, highlight_all=True, **options),
        )
        .order_by("-rank", "-created_at")[:limit]
    )
    return [Hit(row, float(row.rank), _to_html(row.title_marked), _to_html(row.excerpt)) for row in rows]


def _mark(text: str, terms: list[str]) -> str:
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.I)
    return _to_html(pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text))


def _excerpt(body: str, terms: list[str], width: int = 200) -> str:
    lower = body.lower()
    positions = [lower.find(term) for term in terms if term in lower]
    start = max(0, min(positions) - 60) if positions else 0
    return ("…" if start else "") + body[start : start + width] + ("…" if len(body) > start + width else "")


def _search_simple(user, query, limit):
    terms = _terms(query)
    score = Value(0, output_field=IntegerField())
    match = Q()
    for term in terms:
        in_title, in_body = Q(thread__title__icontains=term), Q(body__icontains=term)
        match |= in_title | in_body
        score = (
            score
            + Case(When(in_title, then=Value(3)), default=Value(0), output_field=IntegerField())
            + Case(When(in_body, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
    rows = post_list(user=user).filter(match).annotate(rank=score).order_by(F("rank").desc(), "-created_at")[:limit]
    return [
        Hit(row, float(row.rank), _mark(row.thread.title, terms), _mark(_excerpt(row.body, terms), terms))
        for row in rows
    ]
