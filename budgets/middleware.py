"""The click router's fast lane: /go/<pool>/ answered before the middleware it has no use for."""

import re

from budgets import public

CLICK_PATH = re.compile(r"^/go/([^/]+)/$")


class ClickRouterMiddleware:
    """Answers `GET /go/<pool>/` itself, ahead of sessions, locale, CSRF, authentication,
    messages and login throttling: an ad click is anonymous, sets no cookie and renders nothing,
    and it is the platform's hottest path. Placed after the security-header middleware, so the
    redirect carries HSTS, nosniff, Referrer-Policy and the Content-Security-Policy like any
    other response. Anything else (another method, a path without its final slash) goes down
    the ordinary chain to `budgets.public.go` and Django's usual answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET":
            match = CLICK_PATH.match(request.path_info)
            if match:
                return public.answer_click(request, match.group(1))
        return self.get_response(request)
