"""User uploads: one way in and one way out.

In: every uploaded file is checked by its content (its first bytes, never its name or the type
the browser claims) against the types its field accepts, and stored under a random name; the
name the user gave is kept in the database for display and as the download's file name.

Out: every file under MEDIA_URL is served by `serve` below and by nothing else. The first path
segment names the owner (`training/`, `forum/`, `listings/`); the owner finds the row that holds
the file and says whether the requesting user may read it (a private file answers 404 to anyone
else, anonymous visitors included). Nothing is ever served as active content from the platform's
origin: every response carries `X-Content-Type-Options: nosniff` and
`Content-Security-Policy: sandbox; default-src 'none'`; only images of an image field whose bytes
really are JPEG, PNG, WebP or GIF are shown inline (with that image type), everything else is an
`attachment` of type `application/octet-stream`.

In production, set `DJANGO_MEDIA_ACCEL_PREFIX` (e.g. `/protected-media/`): the response then
carries the same headers and an `X-Accel-Redirect` to that internal location, and the proxy
sends the bytes (see the README).
"""

import posixpath
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from franchise_platform.errors import DomainError

SNIFF_BYTES = 8192
SANDBOX_CSP = "sandbox; default-src 'none'"
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}
# Lesson attachments: documents and images, recognised by their content.
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "application/zip": "zip",
    "audio/mpeg": "mp3",
    "video/mp4": "mp4",
    **IMAGE_TYPES,
}
# Which owner serves each first path segment under MEDIA_ROOT.
OWNERS = {
    "training": "forum.media.lesson_attachment",
    "forum": "forum.media.forum_image",
    "listings": "listings.media.listing_photo",
}


def sniff(head: bytes) -> str | None:
    """The MIME type the bytes really are, or None when they are not a known binary format."""
    kind = filetype.guess(head[:SNIFF_BYTES]) if head else None
    return kind.mime if kind else None


def _head(upload) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload[:SNIFF_BYTES])
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(position)
    return head


def check_type(upload, allowed: dict[str, str]) -> tuple[str, str]:
    """(mime, extension) of an upload whose content is one of `allowed`, else a DomainError."""
    mime = sniff(_head(upload))
    if mime not in allowed:
        names = ", ".join(sorted({ext.upper() for ext in allowed.values()}))
        raise DomainError(
            _("This kind of file is not accepted. Accepted: %(types)s.") % {"types": names}, code="file_type"
        )
    return mime, allowed[mime]


def random_name(folder: str, extension: str) -> str:
    """`folder/<32 random hex>.<extension>`: nothing of the user's name reaches the disk."""
    return f"{folder.strip('/')}/{secrets.token_hex(16)}.{extension}"


def original_name(name: str, limit: int = 200) -> str:
    """The base name the user gave, for display and as the download's file name."""
    base = posixpath.basename((name or "").replace("\\", "/")).strip() or "file"
    return "".join(ch for ch in base if ch.isprintable())[:limit] or "file"


@dataclass(frozen=True)
class Served:
    """What an owner says about a stored file the requester may read."""

    download_name: str
    image: bool = False  # an image field: may be shown inline when its bytes are an image
    private: bool = True


def _owner(name: str):
    folder = name.split("/", 1)[0]
    if folder not in OWNERS or ".." in name.split("/") or name.startswith("/"):
        raise Http404
    return import_string(OWNERS[folder])


@require_safe
def serve(request, name: str):
    """The one view that reads user uploads (mounted at MEDIA_URL)."""
    try:
        served = _owner(name)(request, name)
    except PermissionDenied:
        raise Http404 from None
    if served is None or not default_storage.exists(name):
        raise Http404
    with default_storage.open(name, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    mime = sniff(head)
    inline = served.image and mime in IMAGE_TYPES
    content_type = mime if inline else "application/octet-stream"
    filename = served.download_name
    if inline and not filename.lower().endswith(f".{IMAGE_TYPES[mime]}"):
        filename = f"{filename.rsplit('.', 1)[0]}.{IMAGE_TYPES[mime]}"
    accel = getattr(settings, "MEDIA_ACCEL_PREFIX", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        response["Content-Length"] = str(default_storage.size(name))
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename, safe='')}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cross-Origin-Resource-Policy"] = "same-site" if served.private else "cross-origin"
    response["Cache-Control"] = "private, no-store" if served.private else "public, max-age=86400"
    response["Vary"] = "Cookie"
    return response
