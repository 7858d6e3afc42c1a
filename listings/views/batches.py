"""Sync batch pages: list, live progress, undo and retry."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from franchise_platform.errors import DomainError
from listings import selectors
from listings.models import ITEM_DONE
from listings.sync import batches
from listings.views.common import listing_required, one_or_404


@listing_required
def batch_list(request):
    page = Paginator(selectors.batch_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "listings/batch_list.html", {"page": page})


@listing_required
def batch_detail(request, pk):
    batch = one_or_404(selectors.batch_list(user=request.user), pk)
    items = batch.items.select_related("location", "revision").prefetch_related("jobs").order_by("id")
    context = {
        "batch": batch,
        "items": items[:500],
        "progress": batches.batch_progress(batch),
        "done_states": ITEM_DONE,
        "undone": hasattr(batch, "undone_by"),
    }
    return render(request, "listings/batch_detail.html", context)


@listing_required
def batch_progress(request, pk):
    batch = one_or_404(selectors.batch_list(user=request.user), pk)
    data = batches.batch_progress(batch)
    data["items"] = {
        str(item.pk): [item.status, item.reason_text] for item in batch.items.only("id", "status", "reason")[:500]
    }
    return JsonResponse(data)


def _batch_action(request, pk, action):
    batch = one_or_404(selectors.batch_list(user=request.user), pk)
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
