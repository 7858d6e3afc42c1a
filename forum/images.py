"""Checking uploaded images: a real JPEG, PNG or WebP of a sensible size, re-encoded so that
no metadata (EXIF, GPS position) survives."""

import io

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from franchise_platform.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MIN_SIDE, MAX_SIDE = 16, 6000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def clean_image(upload) -> tuple[bytes, str]:
    """The re-encoded bytes and extension of an uploaded image, or a DomainError."""
    if upload is None:
        raise DomainError(_("Choose an image."), code="no_image")
    if upload.size > MAX_BYTES:
        raise DomainError(_("The image is larger than 5 MB."), code="image_too_large")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise DomainError(_("This file is not an image we can read."), code="not_an_image") from error
    if image.format not in FORMATS:
        raise DomainError(_("Send a JPEG, PNG or WebP image."), code="image_format")
    if min(image.size) < MIN_SIDE or max(image.size) > MAX_SIDE:
        raise DomainError(_("The image dimensions are out of bounds."), code="image_size")
    fmt = image.format
    image = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88)
    else:
        image.save(out, fmt)
    return out.getvalue(), FORMATS[fmt]
