"""Store listing pages: the list with sync badges, the edit forms, history and revert."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from franchise_platform.errors import DomainError
from franchise_platform.views import run_service, unconfirmed
from listings import forms, permissions, selectors, services
from listings.hours import HoursValidationError
from listings.models import ListingPhoto, ListingSuggestion, SuggestionStatus, SyncStatus
from listings.payload import FIELD_CAPABILITY, diff
from listings.views.common import listing_required, one_or_404, scoped_location
from network.scoping import node_has_capability


@listing_required
def listing_list(request):
    locations = selectors.listing_location_list(user=request.user).filter(permissions.any_capability(request.user))
    query = request.GET.get("q", "").strip()[:100]
    if query:
        locations = locations.filter(name__icontains=query)
    status = request.GET.get("status", "")
    if status in SyncStatus.values:
        locations = locations.filter(listing__sync_status=status)
    page = Paginator(locations.select_related("listing").order_by("region__name", "name"), 50).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "query": query, "status": status, "statuses": SyncStatus.choices}
    return render(request, "listings/listing_list.html", context)


def _caps(user, location) -> dict:
    return {cap: node_has_capability(user, location, cap) for cap in set(FIELD_CAPABILITY.values())}


def _save(request, form, call, location):
    result = run_service(request, form, call)
    if isinstance(result, ListingSuggestion):
        messages.success(request, _("Your change was sent for approval."))
    elif result is not None:
        messages.success(request, _("Saved as revision %(n)s; publishing to the directories.") % {"n": result.number})
    elif not form.errors:
        messages.info(request, _("Nothing changed."))
    return result


@listing_required
def listing_detail(request, pk):
    location = scoped_location(request, pk)
    listing = services.listing_for(location)
    payload = services.current_payload(listing)
    caps = _caps(request.user, location)
    profile = forms.ProfileForm(initial=forms.ProfileForm.initial_from(payload))
    hours = forms.RegularHoursForm(periods=payload["regular_hours"])
    special = forms.SpecialHoursForm()
    photo = forms.PhotoForm()
    if request.method == "POST":
        section = request.POST.get("section")
        if section == "profile" and caps["edit_profile"]:
            profile = forms.ProfileForm(request.POST)
            if profile.is_valid():

                def call():
                    try:
                        return services.listing_update(
                            location=location, data=profile.listing_data(), user=request.user
                        )
                    except ValidationError as error:
                        profile.add_service_errors(error.message_dict)

                if _save(request, profile, call, location) is not None or not profile.errors:
                    return redirect("listing-detail", pk=pk)
        elif section == "hours" and caps["edit_hours"]:
            hours = forms.RegularHoursForm(request.POST, periods=payload["regular_hours"])
            if hours.is_valid():
                periods, prefixes = hours.periods()

                def call():
                    try:
                        return services.listing_update(
                            location=location,
                            data={"regular_hours": periods},
                            user=request.user,
                            explicit_overnight=True,
                        )
                    except ValidationError as error:
                        hours.add_service_errors(error.message_dict, prefixes)

                if _save(request, hours, call, location) is not None or not hours.errors:
                    return redirect("listing-detail", pk=pk)
        elif section == "special" and caps["edit_hours"]:
            special = forms.SpecialHoursForm(request.POST)
            if special.is_valid():

                def call():
                    from listings.hours import merge_special_hours, validate_special_hours

                    try:
                        changes = validate_special_hours([special.entry()])
                    except HoursValidationError as error:
                        special.add_service_errors(error.as_dict())
                        return None
                    merged = merge_special_hours(payload["special_hours"], changes)
                    return services.listing_update(location=location, data={"special_hours": merged}, user=request.user)

                if _save(request, special, call, location) is not None or not special.errors:
                    return redirect("listing-detail", pk=pk)
        elif section == "special_remove" and caps["edit_hours"]:
            date = request.POST.get("date", "")
            page = unconfirmed(
                request,
                title=_("Remove these special hours?"),
                question=_("The special hours of %(date)s are removed from %(store)s and from every directory.")
                % {"date": date, "store": location.name},
                button=_("Remove"),
                cancel_url=reverse("listing-detail", args=[pk]),
            )
            if page is not None:
                return page
            kept = [entry for entry in payload["special_hours"] if entry["date"] != date]
            _save(
                request,
                special,
                lambda: services.listing_update(location=location, data={"special_hours": kept}, user=request.user),
                location,
            )
            return redirect("listing-detail", pk=pk)
        elif section == "photo" and caps["manage_photos"]:
            photo = forms.PhotoForm(request.POST, request.FILES)
            if photo.is_valid():
                upload = photo.cleaned_data["image"]

                def call():
                    if upload.size > 5 * 1024 * 1024:
                        photo.add_error("image", _("The photo is larger than 5 MB."))
                        return None
                    return services.photo_add(
                        location=location,
                        category=photo.cleaned_data["category"],
                        content=upload.read(),
                        filename=upload.name,
                        user=request.user,
                    )

                if _save(request, photo, call, location) is not None:
                    return redirect("listing-detail", pk=pk)
        elif section == "photo_remove" and caps["manage_photos"]:
            row = one_or_404(ListingPhoto.objects.filter(listing=listing), request.POST.get("photo") or 0)
            page = unconfirmed(
                request,
                title=_("Remove this photo?"),
                question=_("The photo is removed from %(store)s and from every directory.") % {"store": location.name},
                button=_("Remove the photo"),
                cancel_url=reverse("listing-detail", args=[pk]),
            )
            if page is not None:
                return page
            _save(
                request, photo, lambda: services.photo_remove(location=location, photo=row, user=request.user), location
            )
            return redirect("listing-detail", pk=pk)
        else:
            raise PermissionDenied
    listing.refresh_from_db()
    context = {
        "location": location,
        "listing": listing,
        "payload": services.current_payload(listing),
        "caps": caps,
        "profile": profile,
        "hours": hours,
        "special": special,
        "photo": photo,
        "photos": listing.photos.filter(is_active=True),
        "items": location.sync_items.select_related("batch").order_by("-id")[:5],
        "suggestions": listing.suggestions.filter(status=SuggestionStatus.PENDING),
        "needs_approval": permissions.needs_approval(request.user, location),
    }
    return render(request, "listings/listing_detail.html", context)


@listing_required
def listing_history(request, pk):
    location = scoped_location(request, pk)
    listing = services.listing_for(location)
    revisions = selectors.revision_list(user=request.user).filter(listing=listing).order_by("-number")
    page = Paginator(revisions, 25).get_page(request.GET.get("page"))
    caps = _caps(request.user, location)
    current = services.current_payload(listing)
    revertible = set()
    for revision in page:  # going back changes the fields that differ now: the user must hold them all
        fields = list(diff(current, revision.payload))
        if fields and all(caps.get(FIELD_CAPABILITY.get(field), False) for field in fields):
            revertible.add(revision.pk)
    context = {"location": location, "listing": listing, "page": page, "revertible": revertible}
    return render(request, "listings/history.html", context)


@require_POST
@listing_required
def listing_revert(request, pk, revision_pk):
    location = scoped_location(request, pk)
    revision = one_or_404(selectors.revision_list(user=request.user).filter(listing__location=location), revision_pk)
    page = unconfirmed(
        request,
        title=_("Go back to revision %(n)s?") % {"n": revision.number},
        question=_(
            "The listing of %(store)s becomes what it was at revision %(n)s and is published again on every directory."
        )
        % {"store": location.name, "n": revision.number},
        button=_("Go back to this revision"),
        cancel_url=reverse("listing-history", args=[pk]),
    )
    if page is not None:
        return page
    try:
        new = services.listing_revert(location=location, revision=revision, user=request.user)
    except (DomainError, ValidationError) as error:
        messages.error(request, getattr(error, "message", str(error)))
        return redirect("listing-history", pk=pk)
    if new is None:
        messages.info(request, _("The listing already matches this revision."))
    else:
        messages.success(
            request, _("Back to revision %(old)s (new revision %(new)s).") % {"old": revision.number, "new": new.number}
        )
    return redirect("listing-history", pk=pk)
