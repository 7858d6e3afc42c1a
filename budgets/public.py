"""Public pages: the click router, the brand's store locator, franchise pages and their leads."""

import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budgets import leads, locator, router
from budgets.forms import LeadForm
from budgets.models import CallTap
from budgets.pages import todays_hours
from franchise_platform.errors import DomainError
from listings.selectors import public_hours
from network.models import Brand, Franchise, Location

logger = logging.getLogger(__name__)


# What `never_cache` sets, as one fixed header: the hot path should not format dates per click.
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


class ClickRedirect(HttpResponse):
    """A 302 to a location the router built itself (our own path, an encoded query string):
    HttpResponseRedirect's scheme check and re-encoding cost more than the routing."""

    status_code = 302
    url = property(lambda self: self["Location"])


def answer_click(request, pool_slug: str):
    """Answer an ad click: never an error page, never off-site.

    Served by `budgets.middleware.ClickRouterMiddleware` ahead of the session, locale, CSRF,
    authentication and message middleware, which an anonymous, cookieless redirect has no use
    for; the security headers are still added around it.
    """
    try:
        params = router.query_params(request.META.get("QUERY_STRING", ""))
        decision = router.route_click(pool_slug, params, request.META.get("HTTP_USER_AGENT", "")[:500])
    except Exception:
        logger.exception("click router failed for %r", pool_slug[:80])
        response = HttpResponseRedirect("/")
    else:
        if decision is None:
            response = HttpResponseNotFound(b"Unknown campaign", content_type="text/plain")
        else:
            response = ClickRedirect()
            response["Location"] = decision.location
    response["Cache-Control"] = NO_STORE
    response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    return response


@require_GET
def go(request, pool_slug: str):
    """The click router's URL (reversible as `click-router`); normally answered by the middleware."""
    return answer_click(request, pool_slug)


def _brand_or_404(brand_slug: str):
    return Brand.objects.filter(slug=brand_slug).first()


def store_locator(request, brand_slug: str):
    """Every store of the brand on a map and in cards, nearest first to the searched postal code
    or city, with today's hours, the coming holiday hours and a phone number to tap."""
    brand = _brand_or_404(brand_slug)
    if brand is None:
        return render(request, "budgets/public/not_found.html", status=404)
    query = (request.GET.get("q") or "").replace("\x00", "").strip()[:80]
    stores = list(
        Location.objects.filter(brand=brand, is_active=True, franchise__is_active=True)
        .select_related("franchise")
        .order_by("city", "name")
    )
    origin = locator.search_origin(stores, query) if query else None
    cards = locator.store_cards(stores, public_hours(stores), origin)
    return render(
        request,
        "budgets/public/store_locator.html",
        {
            "brand": brand,
            "cards": cards,
            "query": query,
            "placed": origin is not None,
            "utm": _utm(request),
            "map_points": locator.map_points(cards),
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def _utm(request) -> dict:
    fields = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
    data = {name: (request.GET.get(name) or "").replace("\x00", "")[:100] for name in fields}
    data["click_ref"] = request.GET.get("click") or request.GET.get("gclid") or request.GET.get("msclkid") or ""
    data["click_ref"] = data["click_ref"].replace("\x00", "")[:128]
    return data


def _franchise(brand_slug: str, franchise_slug: str):
    return (
        Franchise.objects.select_related("brand")
        .filter(brand__slug=brand_slug, slug=franchise_slug, is_active=True)
        .first()
    )


def _json_ld(franchise, stores) -> str:
    items = []
    for store in stores:
        item = {
            "@context": "https://schema.org",
            "@type": ["InsuranceAgency", "LocalBusiness"],
            "name": store.name,
            "telephone": store.phone,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": store.street_address,
                "postalCode": store.postal_code,
                "addressLocality": store.city,
                "addressRegion": store.state,
                "addressCountry": store.country,
            },
            "brand": {"@type": "Brand", "name": franchise.brand.name},
        }
        if store.latitude is not None and store.longitude is not None:
            item["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": str(store.latitude),
                "longitude": str(store.longitude),
            }
        items.append(item)
    # </script> can never appear inside: json.dumps escapes "<" below.
    return json.dumps(items, ensure_ascii=False).replace("<", "\\u003c")


def franchise_page(request, brand_slug: str, franchise_slug: str, form=None, status=200):
    franchise = _franchise(brand_slug, franchise_slug)
    if franchise is None:
        return render(request, "budgets/public/not_found.html", status=404)
    stores = list(franchise.locations.filter(is_active=True).order_by("pk"))
    for store in stores:
        store.todays_hours = todays_hours(store)
    if form is None:
        initial = _utm(request)
        if stores:
            initial["location"] = stores[0].pk
        form = LeadForm(initial=initial)
    context = {
        "franchise": franchise,
        "brand": franchise.brand,
        "stores": stores,
        "form": form,
        "json_ld": _json_ld(franchise, stores),
        "click_ref": _utm(request)["click_ref"],
        "sent": request.GET.get("sent") == "1",
    }
    return render(request, "budgets/public/franchise_page.html", context, status=status)


@require_POST
def lead_submit(request, brand_slug: str, franchise_slug: str):
    franchise = _franchise(brand_slug, franchise_slug)
    if franchise is None:
        return render(request, "budgets/public/not_found.html", status=404)
    form = LeadForm(request.POST)
    if not form.is_valid():
        return franchise_page(request, brand_slug, franchise_slug, form=form, status=400)
    data = form.cleaned_data
    if data.get("website"):
        # A robot filled in the honeypot: thank it and keep nothing.
        return redirect(f"{franchise.get_absolute_url()}?sent=1")
    location = None
    if data.get("location"):
        location = franchise.locations.filter(pk=data["location"]).first()
    try:
        leads.lead_capture(
            franchise=franchise,
            data=data,
            client=leads.client_key(request.META.get("REMOTE_ADDR", "")),
            location=location,
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return franchise_page(request, brand_slug, franchise_slug, form=form, status=429)
    return redirect(f"{franchise.get_absolute_url()}?sent=1")


@require_POST
def call_tap(request, brand_slug: str, franchise_slug: str):
    """Counted by the click-to-call link (sendBeacon) before the phone dials."""
    franchise = _franchise(brand_slug, franchise_slug)
    if franchise is None:
        return JsonResponse({"ok": False}, status=404)
    location = None
    location_id = (request.POST.get("location") or "")[:12]
    if location_id.isascii() and location_id.isdigit():
        location = franchise.locations.filter(pk=int(location_id)).first()
    CallTap.objects.create(
        franchise=franchise,
        location=location,
        click_ref=(request.POST.get("click") or "").replace("\x00", "")[:128],
        created_at=timezone.now(),
    )
    return JsonResponse({"ok": True, "message": _("Thank you")})
