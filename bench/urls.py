"""The project's URLs plus a bare Django view: the baseline the click router is compared with.

Both the router and the bare view are resolved first here, so the comparison measures the
router's own work, not the position of its pattern in the project's URL list (the project
should mount /go/ early too: see the budgets notes).
"""

from django.http import HttpResponse
from django.urls import include, path

from budgets import public


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("go/<str:pool_slug>/", public.go),
    path("bench/bare/", bare),
    path("", include("franchise_platform.urls")),
]
