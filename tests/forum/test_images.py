"""Uploaded forum images: real JPEG/PNG/WebP only, at most 5 MB, GPS data stripped."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forum import services
from forum.images import clean_image
from franchise_platform.errors import DomainError

GPS_IFD = 0x8825


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (300, 300), "teal")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (45.0, 30.0, 0.0), 3: "W", 4: (73.0, 34.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_gps_position_and_other_exif_are_removed():
    raw = _jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(GPS_IFD)
    data, extension = clean_image(SimpleUploadedFile("p.jpg", raw))
    assert extension == "jpg"
    cleaned = Image.open(io.BytesIO(data))
    assert not cleaned.getexif().get_ifd(GPS_IFD) and not cleaned.getexif()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<svg onload=alert(1)></svg>", "not_an_image"),
        (b"GIF89a" + b"\x00" * 100, "not_an_image"),
        (b"x" * (5 * 1024 * 1024 + 1), "image_too_large"),
    ],
)
def test_other_files_are_refused(content, code):
    with pytest.raises(DomainError) as error:
        clean_image(SimpleUploadedFile("x.png", content))
    assert error.value.code == code


def test_a_gif_is_refused_even_when_real():
    out = io.BytesIO()
    Image.new("RGB", (50, 50)).save(out, "GIF")
    with pytest.raises(DomainError):
        clean_image(SimpleUploadedFile("x.gif", out.getvalue()))


@pytest.mark.django_db
def test_an_uploaded_image_gets_a_url_to_use_in_markdown(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(out, "PNG")
    image = services.image_upload(
        user=world.users["franchisee"], brand=world.A, upload=SimpleUploadedFile("a.png", out.getvalue())
    )
    assert image.image.url.startswith(f"/media/forum/{world.A.pk}/") and (image.width, image.height) == (400, 300)
    with pytest.raises(DomainError):
        services.image_upload(
            user=world.users["franchisee"], brand=world.B, upload=SimpleUploadedFile("a.png", out.getvalue())
        )
