"""The project's URLs plus a bare Django view: the baseline the click router is compared with.

The router is answered by `budgets.middleware.ClickRouterMiddleware` ahead of the session,
locale, CSRF and authentication middleware; the bare view goes through all of them, like any
page. `bench/full-stack/<pool>/` serves the router view down the whole chain too, so the
benchmark can print what the fast lane is worth.
"""

from django.http import HttpResponse
from django.urls import include, path

from budgets import public


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("go/<str:pool_slug>/", public.go),
    path("bench/bare/", bare),
    # The same router view reached through every middleware (the fast lane only serves /go/):
    # what the router would cost without budgets.middleware.ClickRouterMiddleware.
    path("bench/full-stack/<str:pool_slug>/", public.go),
    path("", include("franchise_platform.urls")),
]
