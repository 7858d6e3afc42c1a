"""Public pages at the root (/<brand>/ and /<brand>/<franchise>/; the click router /go/ is
resolved first by the project URLs).

Included last by the project URLs, so they never shadow an application page."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from budgets import public

urlpatterns = [
    path("<slug:brand_slug>/", public.store_locator, name="store-locator"),
    path("<slug:brand_slug>/<slug:franchise_slug>/", public.franchise_page, name="franchise-page"),
    path("<slug:brand_slug>/<slug:franchise_slug>/lead/", public.lead_submit, name="lead-submit"),
    # A beacon from a public page: no session, nothing to forge.
    path("<slug:brand_slug>/<slug:franchise_slug>/call/", csrf_exempt(public.call_tap), name="call-tap"),
]
