"""Search: ranked, highlighted, escaped, limited to what the user may see (PostgreSQL full-text
search with French and English configurations; a plain match on SQLite)."""

import pytest

from forum import services
from forum.search import search_posts

pytestmark = pytest.mark.django_db


def _ask(world, title, body, category=None, author="franchisee"):
    return services.thread_create(author=world.users[author], category=category or world.cat_A, title=title, body=body)


def test_a_title_match_ranks_above_a_passing_mention_in_a_post(world):
    weak = _ask(world, "Question about renewals", "Also something about franchise fees somewhere.")
    strong = _ask(world, "Franchise fees in winter", "How are franchise fees computed for franchise owners?")
    hits = search_posts(user=world.users["franchisee"], query="franchise fees")
    threads = [hit.post.thread_id for hit in hits]
    assert threads.index(strong.pk) < threads.index(weak.pk)
    assert hits[0].rank >= hits[-1].rank


def test_results_highlight_the_words_and_escape_the_text(world):
    _ask(world, "Sinistre <script>", "Le sinistre <img src=x onerror=alert(1)> est déclaré.")
    hit = search_posts(user=world.users["franchisee"], query="sinistre")[0]
    assert "<mark>" in hit.excerpt_html.lower() or "<mark>" in hit.title_html.lower()
    assert "<script" not in hit.title_html and "<img" not in hit.excerpt_html


def test_french_words_match_their_inflections_on_postgresql(world):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("stemming needs PostgreSQL's French configuration")
    _ask(world, "Déclarations de sinistres", "Comment déclarer les sinistres habitation ?")
    assert search_posts(user=world.users["franchisee"], query="déclaration sinistre")


def test_search_never_returns_posts_outside_the_users_scope(world):
    _ask(world, "Southern secret", "zanzibar pricing", category=world.cat_A2, author="franchisee2")
    assert search_posts(user=world.users["franchisee2"], query="zanzibar")
    assert not search_posts(user=world.users["franchisee"], query="zanzibar")
    assert not search_posts(user=world.users["beta_admin"], query="zanzibar")


def test_hidden_posts_are_found_by_moderators_only(world):
    assert any(h.post.pk == world.post_A1h.pk for h in search_posts(user=world.users["region"], query="spam"))
    assert not search_posts(user=world.users["franchisee"], query="spam")


def test_an_empty_query_finds_nothing(world):
    assert search_posts(user=world.users["franchisee"], query="  ") == []


def test_control_characters_in_a_query_are_ignored_not_an_error(world):
    _ask(world, "Franchise fees", "How are franchise fees computed?")
    hits = search_posts(user=world.users["franchisee"], query="franchise\x00 fees\x05")
    assert hits
    assert search_posts(user=world.users["franchisee"], query="\x00\x01") == []
