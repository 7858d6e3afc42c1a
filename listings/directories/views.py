"""Pages of the directory side: reviews (with the unanswered-for-48-hours indicator per store and
replies) and duplicate listings (request suppression, dismiss). Thin: selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from franchise_platform.errors import DomainError
from franchise_platform.views import run_service
from listings.directories import selectors, services
from listings.directories.forms import ReplyForm, ReviewFilterForm
from listings.models import DuplicateStatus
from network.models import Location
from network.scoping import with_capability


def _locations_with(user, capability: str, ids) -> set[int]:
    return set(
        Location.objects.filter(pk__in=ids).filter(with_capability(user, capability)).values_list("pk", flat=True)
    )


def _back(request, default: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@login_required
def reviews_page(request):
    stores = selectors.locations_with_review_counts(user=request.user)
    filters = ReviewFilterForm(request.GET or None, locations=stores)
    reviews = selectors.review_list(user=request.user).order_by("-created_at")
    if filters.is_valid():
        if filters.cleaned_data.get("location"):
            reviews = reviews.filter(location=filters.cleaned_data["location"])
        if filters.cleaned_data.get("unanswered"):
            reviews = reviews.filter(reply_text="")
    page = Paginator(reviews, 25).get_page(request.GET.get("page"))
    may_reply = _locations_with(request.user, "reply_reviews", {review.location_id for review in page})
    rows = [
        {"review": review, "overdue": selectors.review_is_overdue(review), "may_reply": review.location_id in may_reply}
        for review in page
    ]
    context = {"stores": stores[:50], "filters": filters, "page": page, "rows": rows, "reply_form": ReplyForm()}
    return render(request, "listings/directories/reviews.html", context)


@login_required
@require_POST
def review_reply(request, pk: int):
    review = selectors.review_list(user=request.user).filter(pk=pk).first()
    if review is None:
        raise Http404
    form = ReplyForm(request.POST)
    if form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.review_reply(user=request.user, review=review, text=form.cleaned_data["text"]),
        )
        if done is not None:
            messages.success(request, _("Your reply is published."))
            return _back(request, "listings-reviews")
    for error in form.non_field_errors() + form.errors.get("text", []):
        messages.error(request, error)
    return _back(request, "listings-reviews")


@login_required
def duplicates_page(request):
    status = request.GET.get("status") or DuplicateStatus.OPEN
    if status not in DuplicateStatus.values:
        status = DuplicateStatus.OPEN
    duplicates = selectors.duplicate_list(user=request.user).filter(status=status).order_by("-score", "pk")
    page = Paginator(duplicates, 25).get_page(request.GET.get("page"))
    may_manage = _locations_with(request.user, "edit_profile", {d.location_id for d in page})
    rows = [{"duplicate": d, "may_manage": d.location_id in may_manage} for d in page]
    context = {"page": page, "rows": rows, "status": status, "statuses": DuplicateStatus.choices}
    return render(request, "listings/directories/duplicates.html", context)


@login_required
@require_POST
def duplicate_action(request, pk: int, verb: str):
    duplicate = selectors.duplicate_list(user=request.user).filter(pk=pk).first()
    if duplicate is None:
        raise Http404
    actions = {"request-suppression": services.duplicate_request_suppression, "dismiss": services.duplicate_dismiss}
    if verb not in actions:
        raise Http404
    try:
        actions[verb](user=request.user, duplicate=duplicate)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return _back(request, "listings-duplicates")


@login_required
def categories_page(request):
    """The category lookup of the brands the user administers: add, change or remove a line."""
    from listings.directories import categories
    from listings.directories.forms import CategoryForm
    from network.models import Brand, Role
    from network.scoping import covered

    brands = Brand.objects.filter(covered(request.user, brand="pk", roles=[Role.FRANCHISOR_ADMIN]))
    if not brands.exists():
        raise Http404
    rows = categories.category_list(user=request.user)
    form = CategoryForm(request.POST or None, brands=brands)
    if request.method == "POST":
        if "delete" in request.POST:
            category = rows.filter(pk=request.POST.get("delete")).first()
            if category is None:
                raise Http404
            categories.category_delete(user=request.user, category=category)
            messages.success(request, _("Category removed from the lookup."))
            return redirect("listings-categories")
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("category", None)
            # The same name again changes that line's ids.
            category = rows.filter(brand=data["brand"], name=data["name"].strip()).first()
            saved = run_service(
                request,
                form,
                lambda: categories.category_save(user=request.user, category=category, **data),
            )
            if saved is not None:
                messages.success(request, _("Category lookup saved."))
                return redirect("listings-categories")
    return render(request, "listings/directories/categories.html", {"rows": rows, "form": form})
