"""Bulk tools, CSV and JSON, suggestions and drifts."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from franchise_platform.errors import DomainError
from franchise_platform.views import run_service, unconfirmed
from listings import bulk, csv_io, forms, permissions, selectors, services
from listings.models import DriftStatus, SuggestionStatus
from listings.sync import verify
from listings.views.common import listing_required, one_or_404
from network.models import Brand, Region, Role
from network.scoping import node_covered, visible_brands, visible_regions


@listing_required
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
                messages.success(
                    request,
                    ngettext(
                        "Publishing the change to %(n)s store.", "Publishing the change to %(n)s stores.", len(chosen)
                    )
                    % {"n": len(chosen)},
                )
                return redirect("listing-batch", pk=batch.pk)
    return render(request, "listings/bulk_hours.html", {"form": form, "preview": preview})


@listing_required
def export_csv(request):
    locations = selectors.listing_location_list(user=request.user).filter(permissions.any_capability(request.user))
    response = HttpResponse(csv_io.export_csv(locations.order_by("pk")), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="listings.csv"'
    return response


@listing_required
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
                batch, created = csv_io.import_csv(user=request.user, text=text, scope=scope)
            except csv_io.ImportErrors as error:
                errors = error.errors
                form.add_error(None, error.message)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if created:
                    messages.success(
                        request,
                        ngettext("%(n)s new store added.", "%(n)s new stores added.", created) % {"n": created},
                    )
                if batch is None:
                    if not created:
                        messages.info(request, _("The file changes nothing."))
                    return redirect("listings-home")
                return redirect("listing-batch", pk=batch.pk)
    return render(request, "listings/import.html", {"form": form, "errors": errors})


@listing_required
def export_json(request, pk):
    brand = one_or_404(Brand.objects.filter(visible_brands(request.user)), pk)
    if not node_covered(request.user, brand, [Role.FRANCHISOR_ADMIN, Role.LISTINGS_EDITOR]):
        raise PermissionDenied
    locations = selectors.listing_location_list(user=request.user).filter(brand=brand)
    data = bulk.export_brand_json(brand=brand, locations=locations)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{brand.slug}-listings.json"'
    return response


# Suggestions and drifts -----------------------------------------------------------------------


@listing_required
def suggestion_list(request):
    from network.permissions import ADMIN, NetworkRights

    suggestions = selectors.suggestion_list(user=request.user).filter(status=SuggestionStatus.PENDING)
    rows = [(s, permissions.is_approver(request.user, s.listing.location)) for s in suggestions[:200]]
    rights = NetworkRights(request.user)
    policy_brands = [
        b for b in Brand.objects.filter(visible_brands(request.user)) if rights.covers(ADMIN, brand_id=b.pk)
    ]
    return render(request, "listings/suggestions.html", {"rows": rows, "policy_brands": policy_brands})


@require_POST
@listing_required
def suggestion_decide(request, pk, decision):
    suggestion = one_or_404(selectors.suggestion_list(user=request.user), pk)
    note = request.POST.get("note", "")[:300]
    call = services.suggestion_approve if decision == "approve" else services.suggestion_reject
    try:
        call(suggestion=suggestion, user=request.user, note=note)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Approved.") if decision == "approve" else _("Rejected."))
    return redirect("listing-suggestions")


@listing_required
def drift_list(request):
    drifts = list(selectors.drift_list(user=request.user).filter(status=DriftStatus.OPEN)[:200])
    capabilities = permissions.locations_by_capability(request.user, {drift.location_id for drift in drifts})
    rows = [(drift, permissions.fields_allowed(capabilities, drift.location_id, drift.fields)) for drift in drifts]
    return render(request, "listings/drifts.html", {"rows": rows})


@require_POST
@listing_required
def drift_decide(request, pk, decision):
    drift = one_or_404(selectors.drift_list(user=request.user), pk)
    if decision != "republish":
        page = unconfirmed(
            request,
            title=_("Accept the directory's data?"),
            question=_(
                "The listing of %(store)s takes the values %(directory)s shows (%(fields)s): they become a new "
                "revision, published on every directory."
            )
            % {
                "store": drift.location.name,
                "directory": drift.get_directory_display(),
                "fields": ", ".join(drift.fields),
            },
            button=_("Accept theirs"),
            cancel_url=reverse("listing-drifts"),
        )
        if page is not None:
            return page
    call = verify.drift_republish if decision == "republish" else verify.drift_accept
    try:
        call(drift=drift, user=request.user)
    except (DomainError, ValidationError) as error:
        messages.error(request, getattr(error, "message", None) or "; ".join(error.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("listing-drifts")
