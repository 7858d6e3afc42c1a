"""Pages of listings: thin views over selectors and services."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from franchise_platform.errors import DomainError
from franchise_platform.views import run_service
from listings import bulk, forms, permissions, selectors, services
from listings.hours import HoursValidationError
from listings.models import ITEM_DONE, DriftStatus, ListingPhoto, ListingSuggestion, SuggestionStatus, SyncStatus
from listings.payload import FIELD_CAPABILITY
from listings.sync import batches, verify
from network.models import Brand, Region, Role
from network.scoping import node_covered, node_has_capability, visible_brands, visible_regions


def _location(request, pk):
    location = selectors.listing_location_list(user=request.user).filter(pk=pk).first()
    if location is None:
        raise Http404
    return location


def _one(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _listing_required(view):
    def wrapped(request, *args, **kwargs):
        if not permissions.has_listing_role(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@_listing_required
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


@_listing_required
def listing_detail(request, pk):
    location = _location(request, pk)
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
            row = _one(ListingPhoto.objects.filter(listing=listing), request.POST.get("photo") or 0)
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


@_listing_required
def listing_history(request, pk):
    location = _location(request, pk)
    listing = services.listing_for(location)
    revisions = selectors.revision_list(user=request.user).filter(listing=listing).order_by("-number")
    page = Paginator(revisions, 25).get_page(request.GET.get("page"))
    context = {
        "location": location,
        "listing": listing,
        "page": page,
        "can_revert": permissions.can_edit_any(request.user, location),
    }
    return render(request, "listings/history.html", context)


@require_POST
@_listing_required
def listing_revert(request, pk, revision_pk):
    location = _location(request, pk)
    revision = _one(selectors.revision_list(user=request.user).filter(listing__location=location), revision_pk)
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


# Batches -------------------------------------------------------------------------------------


@_listing_required
def batch_list(request):
    page = Paginator(selectors.batch_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "listings/batch_list.html", {"page": page})


@_listing_required
def batch_detail(request, pk):
    batch = _one(selectors.batch_list(user=request.user), pk)
    items = batch.items.select_related("location", "revision").prefetch_related("jobs").order_by("id")
    context = {
        "batch": batch,
        "items": items[:500],
        "progress": batches.batch_progress(batch),
        "done_states": ITEM_DONE,
        "undone": hasattr(batch, "undone_by"),
    }
    return render(request, "listings/batch_detail.html", context)


@_listing_required
def batch_progress(request, pk):
    batch = _one(selectors.batch_list(user=request.user), pk)
    data = batches.batch_progress(batch)
    data["items"] = {
        str(item_id): [status, reason]
        for item_id, status, reason in batch.items.values_list("id", "status", "reason")[:500]
    }
    return JsonResponse(data)


def _batch_action(request, pk, action):
    batch = _one(selectors.batch_list(user=request.user), pk)
    try:
        result = action(batch=batch, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("listing-batch", pk=pk)
    return redirect("listing-batch", pk=result.pk)


@require_POST
@_listing_required
def batch_undo(request, pk):
    return _batch_action(request, pk, batches.batch_undo)


@require_POST
@_listing_required
def batch_retry(request, pk):
    return _batch_action(request, pk, batches.batch_retry)


@require_POST
@_listing_required
def item_retry(request, pk):
    item = _one(selectors.item_list(user=request.user), pk)
    try:
        batch = batches.item_retry(item=item, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("listing-batch", pk=item.batch_id)
    return redirect("listing-batch", pk=batch.pk)


# Bulk tools -----------------------------------------------------------------------------------


@_listing_required
def bulk_hours(request):
    from network.scoping import with_capability

    locations = selectors.listing_location_list(user=request.user).filter(with_capability(request.user, "edit_hours"))
    regions = Region.objects.filter(visible_regions(request.user)).filter(locations__in=locations).distinct()
    form = forms.BulkHoursForm(request.POST or None, locations=locations.order_by("name"), regions=regions)
    preview = None
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_locations()
        entries = [form.entry()]
        if "preview" in request.POST:
            try:
                preview = bulk.bulk_preview(user=request.user, locations=chosen, entries=entries)
            except ValidationError as error:
                form.add_service_errors(error.message_dict)
        else:

            def call():
                try:
                    return bulk.bulk_special_hours(
                        user=request.user,
                        locations=chosen,
                        entries=entries,
                        label=form.cleaned_data["label"],
                        all_or_nothing=form.cleaned_data["all_or_nothing"],
                    )
                except ValidationError as error:
                    form.add_service_errors(error.message_dict)

            batch = run_service(request, form, call)
            if batch is not None:
                messages.success(request, _("Publishing the change to %(n)s stores.") % {"n": len(chosen)})
                return redirect("listing-batch", pk=batch.pk)
    return render(request, "listings/bulk_hours.html", {"form": form, "preview": preview})


@_listing_required
def export_csv(request):
    locations = selectors.listing_location_list(user=request.user).filter(permissions.any_capability(request.user))
    response = HttpResponse(bulk.export_csv(locations.order_by("pk")), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="listings.csv"'
    return response


@_listing_required
def import_csv(request):
    form = forms.CsvImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        else:
            scope = selectors.listing_location_list(user=request.user)
            try:
                batch = bulk.import_csv(user=request.user, text=text, scope=scope)
            except bulk.ImportErrors as error:
                errors = error.errors
                form.add_error(None, error.message)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if batch is None:
                    messages.info(request, _("The file changes nothing."))
                    return redirect("listings-home")
                return redirect("listing-batch", pk=batch.pk)
    return render(request, "listings/import.html", {"form": form, "errors": errors})


@_listing_required
def export_json(request, pk):
    brand = _one(Brand.objects.filter(visible_brands(request.user)), pk)
    if not node_covered(request.user, brand, [Role.FRANCHISOR_ADMIN, Role.LISTINGS_EDITOR]):
        raise PermissionDenied
    locations = selectors.listing_location_list(user=request.user).filter(brand=brand)
    data = bulk.export_brand_json(brand=brand, locations=locations)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{brand.slug}-listings.json"'
    return response


# Suggestions and drifts -----------------------------------------------------------------------


@_listing_required
def suggestion_list(request):
    suggestions = selectors.suggestion_list(user=request.user).filter(status=SuggestionStatus.PENDING)
    rows = [(s, permissions.is_approver(request.user, s.listing.location)) for s in suggestions[:200]]
    return render(request, "listings/suggestions.html", {"rows": rows})


@require_POST
@_listing_required
def suggestion_decide(request, pk, decision):
    suggestion = _one(selectors.suggestion_list(user=request.user), pk)
    note = request.POST.get("note", "")[:300]
    call = services.suggestion_approve if decision == "approve" else services.suggestion_reject
    try:
        call(suggestion=suggestion, user=request.user, note=note)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Approved.") if decision == "approve" else _("Rejected."))
    return redirect("listing-suggestions")


@_listing_required
def drift_list(request):
    drifts = selectors.drift_list(user=request.user).filter(status=DriftStatus.OPEN)[:200]
    return render(request, "listings/drifts.html", {"drifts": drifts})


@require_POST
@_listing_required
def drift_decide(request, pk, decision):
    drift = _one(selectors.drift_list(user=request.user), pk)
    call = verify.drift_republish if decision == "republish" else verify.drift_accept
    try:
        call(drift=drift, user=request.user)
    except (DomainError, ValidationError) as error:
        messages.error(request, getattr(error, "message", None) or "; ".join(error.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("listing-drifts")
