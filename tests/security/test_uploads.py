"""User uploads are never served as active content from the platform's origin (issue 15, High 1).

Every class of upload (lesson attachments, forum images, store photos) is checked by content on the
way in, stored under a random name, and served by one view with `attachment` (or an inline image),
`nosniff` and a sandboxing CSP; private files answer 404 to whoever may not read them.
"""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from forum.models import ForumImage, Lesson
from listings.models import ListingPhoto
from listings.services import listing_for
from tests.world import client_for

pytestmark = pytest.mark.django_db

ACTIVE = {
    "page.html": b"<!DOCTYPE html><html><script src='/media/training/x.js'></script></html>",
    "drawing.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="fetch(\'/api/v1/memberships/\')"></svg>',
    "grant.js": b"fetch('/api/v1/memberships/', {method: 'POST', body: '{}'})",
}
SANDBOX = "sandbox; default-src 'none'"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _png(size=(300, 300)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


def _login(world, name) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def _read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _assert_not_active(response, body: bytes | None = None):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    if body is not None:
        assert _read(response) == body


def _plant(name: str, content: bytes) -> str:
    """A file stored before uploads were checked (or by any other way in)."""
    return default_storage.save(name, ContentFile(content))


# -- lesson attachments ----------------------------------------------------------------------


@pytest.mark.parametrize("filename", sorted(ACTIVE))
def test_active_content_is_refused_as_a_lesson_attachment_on_the_page(world, filename):
    world.users["franchisor"].language = "fr"
    world.users["franchisor"].save(update_fields=["language"])
    response = _login(world, "franchisor").post(
        f"/help/training/{world.course_A.pk}/lessons/new/",
        {"title": "Piège", "position": 0, "attachment": SimpleUploadedFile(filename, ACTIVE[filename], "image/png")},
    )
    assert response.status_code == 200
    assert "Ce type de fichier n’est pas accepté" in response.content.decode()
    assert not Lesson.objects.filter(title="Piège").exists()


@pytest.mark.parametrize("filename", sorted(ACTIVE))
def test_active_content_is_refused_as_a_lesson_attachment_by_the_api(world, filename):
    response = client_for(world, "franchisor").post(
        "/api/v1/forum/lessons/",
        {"course": world.course_A.pk, "title": "Piège", "attachment": SimpleUploadedFile(filename, ACTIVE[filename])},
        format="multipart",
    )
    assert response.status_code == 400 and response.json()["code"] == "file_type"
    assert not Lesson.objects.filter(title="Piège").exists()


def test_a_pdf_attachment_is_stored_under_a_random_name_and_downloaded_under_its_own(world):
    response = _login(world, "franchisor").post(
        f"/help/training/{world.course_A.pk}/lessons/new/",
        {"title": "Guide", "position": 0, "attachment": SimpleUploadedFile("Guide été.html", b"%PDF-1.4 guide")},
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get(title="Guide")
    assert re.fullmatch(r"training/[0-9a-f]{32}\.pdf", lesson.attachment.name)
    assert lesson.attachment_name == "Guide été.html"
    served = _login(world, "franchisee").get(lesson.attachment.url)
    _assert_not_active(served, b"%PDF-1.4 guide")
    assert served["Content-Disposition"] == "attachment; filename*=UTF-8''Guide%20%C3%A9t%C3%A9.html"
    assert served["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("filename", sorted(ACTIVE))
def test_a_stored_active_lesson_attachment_is_never_served_as_active(world, filename):
    name = _plant(f"training/{filename}", ACTIVE[filename])
    Lesson.objects.filter(pk=world.lesson_A.pk).update(attachment=name, attachment_name=filename)
    _assert_not_active(_login(world, "franchisor").get(f"/media/{name}"), ACTIVE[filename])


def test_private_attachments_answer_404_to_anonymous_visitors_and_other_brands(world):
    name = _plant("training/secret.pdf", b"%PDF-1.4 secret")
    Lesson.objects.filter(pk=world.lesson_A2.pk).update(attachment=name, attachment_name="secret.pdf")
    assert Client().get(f"/media/{name}").status_code == 404
    assert _login(world, "beta_admin").get(f"/media/{name}").status_code == 404
    assert _login(world, "franchisee").get(f"/media/{name}").status_code == 404  # course of region A2 only
    assert _login(world, "franchisee2").get(f"/media/{name}").status_code == 200


# -- forum images -----------------------------------------------------------------------------


@pytest.mark.parametrize("filename", sorted(ACTIVE))
def test_active_content_is_refused_as_a_forum_image(world, filename):
    response = client_for(world, "franchisee").post(
        "/api/v1/forum/images/",
        {"brand": world.A.pk, "image": SimpleUploadedFile(filename, ACTIVE[filename])},
        format="multipart",
    )
    assert response.status_code == 400 and not ForumImage.objects.exists()


@pytest.mark.parametrize("filename", sorted(ACTIVE))
def test_a_stored_active_forum_image_is_never_served_as_active(world, filename):
    name = _plant(f"forum/{world.A.pk}/{filename}", ACTIVE[filename])
    ForumImage.objects.create(brand=world.A, token="t" * 32, extension="png", image=name)
    _assert_not_active(_login(world, "franchisee").get(f"/media/{name}"), ACTIVE[filename])


def test_a_forum_image_is_inline_sandboxed_and_private_to_the_brand(world):
    created = client_for(world, "franchisee").post(
        "/api/v1/forum/images/", {"brand": world.A.pk, "image": SimpleUploadedFile("a.svg", _png())}, format="multipart"
    )
    assert created.status_code == 201
    image = ForumImage.objects.get()
    assert re.fullmatch(rf"forum/{world.A.pk}/[0-9a-f]{{32}}\.png", image.image.name)
    served = _login(world, "franchisee").get(image.image.url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["Content-Disposition"] == "inline; filename*=UTF-8''image.png"
    assert served["X-Content-Type-Options"] == "nosniff" and served["Content-Security-Policy"] == SANDBOX
    assert Client().get(image.image.url).status_code == 404
    assert _login(world, "beta_admin").get(image.image.url).status_code == 404


# -- store photos (public: the directories fetch them) ----------------------------------------


@pytest.mark.parametrize("filename", sorted(ACTIVE))
def test_active_content_is_refused_as_a_store_photo(world, filename):
    response = _login(world, "listings").post(
        f"/listings/stores/{world.L1.pk}/",
        {"section": "photo", "category": "EXTERIOR", "image": SimpleUploadedFile(filename, ACTIVE[filename])},
    )
    assert response.status_code == 200 and not ListingPhoto.objects.filter(listing__location=world.L1).exists()


@pytest.mark.parametrize("filename", sorted(ACTIVE))
def test_a_stored_active_store_photo_is_never_served_as_active(world, filename):
    name = _plant(f"listings/{world.L1.pk}/{filename}", ACTIVE[filename])
    ListingPhoto.objects.create(
        listing=listing_for(world.L1), category="EXTERIOR", image=name, sha256="0" * 64, width=1, height=1
    )
    _assert_not_active(Client().get(f"/media/{name}"), ACTIVE[filename])


def test_a_store_photo_is_public_inline_and_sandboxed(world):
    name = _plant(f"listings/{world.L1.pk}/{'a' * 32}.png", _png())
    ListingPhoto.objects.create(
        listing=listing_for(world.L1), category="LOGO", image=name, sha256="1" * 64, width=300, height=300
    )
    served = Client().get(f"/media/{name}")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["Content-Disposition"] == "inline; filename*=UTF-8''logo.png"
    assert served["X-Content-Type-Options"] == "nosniff" and served["Content-Security-Policy"] == SANDBOX


# -- the one way out --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["training/orphan.html", "other/x.html", "listings/../training/x.pdf", "forum/1/none.png"]
)
def test_a_file_no_row_owns_is_not_served(world, path):
    _plant("training/orphan.html", ACTIVE["page.html"])
    _plant("other/x.html", ACTIVE["page.html"])
    assert _login(world, "franchisor").get(f"/media/{path}").status_code == 404


def test_with_an_accel_prefix_the_proxy_sends_the_bytes_with_the_same_headers(world, settings):
    settings.MEDIA_ACCEL_PREFIX = "/protected-media/"
    name = _plant("training/page.html", ACTIVE["page.html"])
    Lesson.objects.filter(pk=world.lesson_A.pk).update(attachment=name, attachment_name="page.html")
    response = _login(world, "franchisor").get(f"/media/{name}")
    _assert_not_active(response, b"")
    assert response["X-Accel-Redirect"] == "/protected-media/training/page.html"
