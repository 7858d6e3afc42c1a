"""Photo checks with Pillow, no database: format, size, dimensions, and EXIF location removed."""

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MIN_SIDE = 250
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
GPS_IFD = 0x8825


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    extension: str
    width: int
    height: int
    sha256: str


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def clean_photo(data: bytes, *, field: str = "image") -> CleanPhoto:
    """Validate an uploaded image and return it without EXIF location; raise a ValidationError
    naming `field` with a precise message otherwise."""
    if len(data) > MAX_BYTES:
        raise _error(field, _("The photo is larger than 5 MB."), "too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _error(field, _("Unknown image format: use JPEG, PNG or WebP."), "format") from None
    if image.format not in FORMATS:
        raise _error(field, _("Unknown image format: use JPEG, PNG or WebP."), "format")
    width, height = image.size
    if width < MIN_SIDE or height < MIN_SIDE:
        message = _("The photo is %(w)sx%(h)s pixels; it must be at least 250x250.") % {"w": width, "h": height}
        raise _error(field, message, "too_small")
    content = _without_location(image, data)
    return CleanPhoto(
        content=content,
        extension=FORMATS[image.format],
        width=width,
        height=height,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _without_location(image: Image.Image, original: bytes) -> bytes:
    """Re-encode only when the image carries a GPS block, keeping the other EXIF data."""
    exif = image.getexif()
    if GPS_IFD not in exif:
        return original
    del exif[GPS_IFD]
    out = io.BytesIO()
    options = {"exif": exif.tobytes()}
    if image.format == "JPEG":
        options.update(quality=95, subsampling=0)
    elif image.format == "WEBP":
        options.update(quality=95)
    image.save(out, format=image.format, **options)
    return out.getvalue()


def has_location(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return GPS_IFD in image.getexif() and bool(image.getexif().get_ifd(GPS_IFD))
