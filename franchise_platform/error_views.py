"""The platform's answer when a request fails on the server side.

A database that is restarting or unreachable is not a bug in the page: the visitor gets a 503
"briefly unavailable, try again" with `Retry-After` (and API clients a JSON `detail`), while
other failures stay a 500. The pages are rendered without the request's context processors,
which may need the database themselves.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30


def server_error(request):
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if unavailable:
        message = _("The platform is briefly unavailable. Please try again in a moment.")
    else:
        message = _("Something went wrong on our side. The team has been told; please try again later.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        body = loader.get_template("error.html").render({"status": status, "message": message})
        response = HttpResponse(body, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
