"""A franchisee asks a question in the forum, their region manager answers it, the franchisee
accepts the answer and head office promotes it to the FAQ."""

import re

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def log_out(page) -> None:
    page.click("[data-action=logout]")
    page.wait_for_load_state()


def test_a_question_is_answered_accepted_and_promoted_to_the_faq(page, demo_network):
    from forum import demo

    demo.seed(demo_network)

    log_in(page, "franchisee")
    page.click("[data-nav=help]")
    page.click("[data-action=ask]")
    page.select_option("select[name=category]", label="Sinistres et indemnisation")
    page.fill("input[name=title]", "Franchise applicable à un bris de glace")
    page.fill("textarea[name=body]", "Quelle **franchise** s'applique à un bris de glace <script>alert(1)</script> ?")
    page.click("[data-form=thread] button[type=submit]")
    page.wait_for_selector("[data-page=forum-thread]")
    thread_url = page.url
    assert re.search(r"/help/threads/\d+/$", thread_url)
    assert page.locator(".markdown strong").first.inner_text() == "franchise"
    assert page.locator("script:text('alert(1)')").count() == 0
    log_out(page)

    log_in(page, "region")
    page.goto(thread_url)
    page.fill("[data-form=reply] textarea[name=body]", "Aucune franchise pour un bris de glace seul.")
    page.click("[data-form=reply] button[type=submit]")
    answer = page.locator("[data-post]").last
    answer.wait_for()
    assert "Aucune franchise" in answer.inner_text()
    answer_id = answer.get_attribute("data-post")
    log_out(page)

    log_in(page, "franchisee")
    page.goto(thread_url)
    page.click(f"[data-post='{answer_id}'] [data-action=accept]")
    page.wait_for_selector(f"[data-post='{answer_id}'][data-accepted]")
    assert page.locator("[data-solved]").count() == 1
    log_out(page)

    log_in(page, "franchisor")
    page.goto(thread_url)
    post = page.locator(f"[data-post='{answer_id}']")
    post.locator("[data-action=promote]").click()
    post.locator("[data-form=promote] select[name=topic]").select_option(label="Sinistres")
    post.locator("[data-form=promote] button[type=submit]").click()
    page.wait_for_selector(".messages")
    page.click("[data-tab=faq]")
    entry = page.locator("[data-faq]", has_text="Franchise applicable à un bris de glace")
    entry.locator("summary").click()
    assert "Aucune franchise" in entry.inner_text()
