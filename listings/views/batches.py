"""Sync batch pages: list, live progress, undo and retry."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from franchise_platform.errors import DomainError
from franchise_platform.views import unconfirmed
from listings import permissions, selectors
from listings.models import ITEM_DONE, ItemStatus
from listings.sync import batches
from listings.views.common import listing_required, one_or_404


@listing_required
def batch_list(request):
    page = Paginator(selectors.batch_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "listings/batch_list.html", {"page": page})


@listing_required
def batch_detail(request, pk):
    batch = one_or_404(selectors.batch_list(user=request.user), pk)
    visible = selectors.batch_item_list(user=request.user, batch=batch)
    items = list(visible.select_related("location", "revision").prefetch_related("jobs").order_by("id")[:500])
    can_manage = permissions.can_manage_batch(request.user, batch)
    context = {
        "batch": batch,
        "items": items,
        "progress": batches.batch_progress(batch, visible),
        "done_states": ITEM_DONE,
        "undone": hasattr(batch, "undone_by"),
        "can_manage": can_manage,
        "retryable": permissions.editable_location_ids(request.user, {item.location_id for item in items}),
    }
    return render(request, "listings/batch_detail.html", context)


@listing_required
def batch_progress(request, pk):
    batch = one_or_404(selectors.batch_list(user=request.user), pk)
    visible = selectors.batch_item_list(user=request.user, batch=batch)
    data = batches.batch_progress(batch, visible)
    labels = dict(ItemStatus.choices)
    data["status_label"] = str(batch.get_status_display())
    data["items"] = {
        str(item.pk): [item.status, item.reason_text, str(labels.get(item.status, item.status))]
        for item in visible.order_by("id").only("id", "status", "reason")[:500]
    }
    return JsonResponse(data)


def _batch_action(request, pk, action):
    batch = one_or_404(selectors.batch_list(user=request.user), pk)
    if action is batches.batch_undo:
        published = batch.items.filter(status=ItemStatus.SYNCED).count()
        page = unconfirmed(
            request,
            title=_("Undo “%(batch)s”?") % {"batch": batch.label},
            question=ngettext(
                "The store this change published goes back to its previous data, on every directory.",
                "The %(n)s stores this change published go back to their previous data, on every directory.",
                published,
            )
            % {"n": published},
            button=_("Undo this change everywhere"),
            cancel_url=reverse("listing-batch", args=[batch.pk]),
        )
        if page is not None:
            return page
    try:
        result = action(batch=batch, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("listing-batch", pk=pk)
    return redirect("listing-batch", pk=result.pk)


@require_POST
@listing_required
def batch_undo(request, pk):
    return _batch_action(request, pk, batches.batch_undo)


@require_POST
@listing_required
def batch_retry(request, pk):
    return _batch_action(request, pk, batches.batch_retry)


@require_POST
@listing_required
def item_retry(request, pk):
    item = one_or_404(selectors.item_list(user=request.user), pk)
    try:
        batch = batches.item_retry(item=item, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("listing-batch", pk=item.batch_id)
    return redirect("listing-batch", pk=batch.pk)
