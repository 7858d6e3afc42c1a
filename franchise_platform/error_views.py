"""The platform's error pages: in the site's layout and the reader's language, never Django's
technical page (that one is for DEBUG only).

403 and 404 are rendered with the request's context (navigation, bell); a server failure is
rendered without it (see below). A database that is restarting or unreachable is not a bug in
the page: the visitor gets a 503
"briefly unavailable, try again" with `Retry-After` (and API clients a JSON `detail`), while
other failures stay a 500. The pages are rendered without the request's context processors,
which may need the database themselves.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30


def permission_denied(request, exception=None):
    """403: what happened and what to do; the reason a service gave, when it gave one."""
    reason = str(exception or "").strip()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason or _("You do not have permission to do this.")}, status=403)
    body = loader.render_to_string("403.html", {"reason": reason}, request)
    return HttpResponseForbidden(body)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request))


def server_error(request):
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if unavailable:
        title = _("Briefly unavailable")
        message = _("The platform is briefly unavailable. Please try again in a moment.")
    else:
        title = _("Something went wrong")
        message = _("Something went wrong on our side. The team has been told; please try again later.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        body = loader.get_template("error.html").render({"status": status, "title": title, "message": message})
        response = HttpResponse(body, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
