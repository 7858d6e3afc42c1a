"""The reviews and duplicates pages: scoped, the 48-hour indicator, replies and actions."""

import pytest
from django.test import Client

from listings.models import DuplicateStatus, Review

pytestmark = pytest.mark.django_db


def signed_in(world, name):
    client = Client()
    client.force_login(world.users[name])
    return client


def test_the_reviews_page_shows_the_stores_reviews_with_the_48_hour_indicator(world):
    page = signed_in(world, "franchisee").get("/listings/reviews/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-review="{world.review_L1.pk}"' in html
    assert f'data-review="{world.review_L2.pk}"' not in html
    assert f'data-location="{world.L1.pk}"' in html and 'data-overdue="1"' in html
    assert 'data-action="reply"' in html


def test_staff_without_the_right_see_reviews_without_a_reply_form(world):
    html = signed_in(world, "staff1").get("/listings/reviews/").content.decode()
    assert f'data-review="{world.review_L1.pk}"' in html
    assert 'data-action="reply"' not in html


def test_a_reply_to_a_review_out_of_scope_is_a_404(world):
    response = signed_in(world, "franchisee2").post(f"/listings/reviews/{world.review_L1.pk}/reply/", {"text": "x"})
    assert response.status_code == 404


def test_a_reply_through_an_unreachable_directory_is_a_message_not_an_error(world):
    client = signed_in(world, "franchisee")
    response = client.post(f"/listings/reviews/{world.review_L1.pk}/reply/", {"text": "Merci"}, follow=True)
    assert response.status_code == 200
    assert Review.objects.get(pk=world.review_L1.pk).reply_text == ""
    assert list(response.context["messages"])


def test_the_duplicates_page_and_its_actions(world):
    client = signed_in(world, "region")
    html = client.get("/listings/duplicates/").content.decode()
    assert f'data-duplicate="{world.dup_L1.pk}"' in html and f'data-duplicate="{world.dup_L2.pk}"' not in html
    client.post(f"/listings/duplicates/{world.dup_L1.pk}/request-suppression/")
    world.dup_L1.refresh_from_db()
    assert world.dup_L1.status == DuplicateStatus.SUPPRESSION_REQUESTED
    assert signed_in(world, "franchisee").post(f"/listings/duplicates/{world.dup_L1.pk}/dismiss/").status_code == 403
    assert signed_in(world, "franchisee2").post(f"/listings/duplicates/{world.dup_L1.pk}/dismiss/").status_code == 404
