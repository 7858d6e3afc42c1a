"""Photo checks with Pillow, no database."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from listings.photos import clean_photo, has_location


def image_bytes(size=(300, 300), fmt="JPEG", gps=False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "Camera maker"
        exif[0x8825] = {1: "N", 2: (45.0, 30.0, 0.0), 3: "W", 4: (73.0, 33.0, 0.0)}
        options["exif"] = exif.tobytes()
    image.save(out, format=fmt, **options)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_of_at_least_250_pixels_are_accepted(fmt):
    photo = clean_photo(image_bytes(fmt=fmt))
    assert (photo.width, photo.height) == (300, 300) and len(photo.sha256) == 64


def test_a_small_photo_is_refused_with_its_size():
    with pytest.raises(ValidationError) as error:
        clean_photo(image_bytes(size=(249, 400)))
    assert "249x400" in error.value.message_dict["image"][0]


def test_an_unknown_format_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (300, 300)).save(out, format="GIF")
    with pytest.raises(ValidationError) as error:
        clean_photo(out.getvalue())
    assert error.value.message_dict["image"]
    with pytest.raises(ValidationError):
        clean_photo(b"not an image at all")


def test_a_photo_over_5_mb_is_refused_before_decoding():
    with pytest.raises(ValidationError) as error:
        clean_photo(b"\xff" * (5 * 1024 * 1024 + 1))
    assert error.value.error_dict["image"][0].code == "too_large"


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "PNG"])
def test_the_exif_location_is_stripped(fmt):
    original = image_bytes(fmt=fmt, gps=True)
    assert has_location(original)
    photo = clean_photo(original)
    assert not has_location(photo.content)
    assert Image.open(io.BytesIO(photo.content)).getexif().get(0x010F) == "Camera maker"
