"""Franchisor screens: pools, keywords, imports, rounds, pacing, ledger and reconciliation."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgets import imports, pacing, permissions, selectors, services
from budgets.forms import CostImportForm, CsvUploadForm, KeywordForm, RoundForm, TopUpForm
from budgets.models import ContributionRound, KeywordGroup
from budgets.services import current_period, period_for
from franchise_platform.views import run_service


@login_required
def home(request):
    if permissions.is_pool_manager(request.user) or request.user.is_superuser:
        return redirect("budgets-pools")
    if permissions.uses_budgets(request.user):
        return redirect("budgets-mine")
    raise PermissionDenied


def _pool(request, pk):
    pool = selectors.pool_list(user=request.user).filter(pk=pk).first()
    if pool is None:
        raise Http404
    return pool


@login_required
def pool_list(request):
    if not permissions.uses_budgets(request.user) and not request.user.is_superuser:
        raise PermissionDenied
    pools = selectors.pool_list(user=request.user).order_by("brand__name", "name")
    return render(request, "budgets/pool_list.html", {"pools": pools})


def tracking_templates(request, pool) -> dict:
    base = request.build_absolute_uri(f"/go/{pool.slug}/")
    return {
        "google": f"{base}?src=google&kw={{keyword}}&match={{matchtype}}&gclid={{gclid}}&device={{device}}"
        "&geo={loc_physical_ms}&geo_int={loc_interest_ms}&url={lpurl}",
        "microsoft": f"{base}?src=microsoft&kw={{keyword}}&match={{MatchType}}&msclkid={{msclkid}}&device={{Device}}"
        "&geo={loc_physical_ms}&geo_int={loc_interest_ms}&url={lpurl}",
    }


@login_required
def pool_detail(request, pk):
    pool = _pool(request, pk)
    today = timezone.now().date()
    period = current_period(pool, today) or period_for(pool, today)
    manager = permissions.can_manage_pool(request.user, pool)
    rounds = ContributionRound.objects.filter(period__pool=pool).select_related("period").order_by("-period__start")
    context = {
        "pool": pool,
        "manager": manager,
        "period": period,
        "keywords": pool.keywords.order_by("group", "text"),
        "groups": KeywordGroup,
        "rounds": [(r, selectors.participation(r)) for r in rounds[:6]],
        "platform": selectors.pool_confirmation(pool=pool, period=period),
        "days": pacing.period_days(pool, period) if manager else [],
        "today_plan": pacing.plan_for_day(pool, period, today) if manager else [],
        "templates": tracking_templates(request, pool),
        "imports_done": pool.imports.order_by("-created_at")[:10],
        "keyword_form": KeywordForm(),
        "keyword_import_form": CsvUploadForm(),
        "cost_form": CostImportForm(),
        "round_form": RoundForm(initial={"month": (today.replace(day=28) + timezone.timedelta(days=5)).replace(day=1)}),
        "top_up_form": TopUpForm(initial={"key": uuid.uuid4().hex}),
    }
    return render(request, "budgets/pool_detail.html", context)


def _managed_post(request, pk):
    pool = _pool(request, pk)
    permissions.check_manage_pool(request.user, pool)
    return pool


def _done(request, pool, form, result, success: str):
    if result is not None:
        messages.success(request, success)
    else:
        for error in form.non_field_errors() or [e for errs in form.errors.values() for e in errs]:
            messages.error(request, error)
    return redirect("budgets-pool", pk=pool.pk)


@login_required
@require_POST
def keyword_add(request, pk):
    pool = _managed_post(request, pk)
    form = KeywordForm(request.POST)
    result = None
    if form.is_valid():
        result = run_service(
            request,
            form,
            lambda: services.keyword_add(
                actor=request.user, pool=pool, text=form.cleaned_data["text"], group=form.cleaned_data["group"]
            ),
        )
    return _done(request, pool, form, result, _("Keyword added."))


@login_required
@require_POST
def keyword_import(request, pk):
    pool = _managed_post(request, pk)
    form = CsvUploadForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        result = run_service(
            request,
            form,
            lambda: services.keyword_import_csv(actor=request.user, pool=pool, content=form.cleaned_data["file"]),
        )
    return _done(request, pool, form, result, _("Keywords imported."))


@login_required
@require_POST
def cost_import(request, pk):
    pool = _managed_post(request, pk)
    form = CostImportForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        result = run_service(
            request,
            form,
            lambda: imports.import_costs(
                actor=request.user,
                pool=pool,
                source=form.cleaned_data["source"],
                content=form.cleaned_data["file"],
                filename=request.FILES["file"].name,
            ),
        )
    response = _done(request, pool, form, result, _("Costs imported; the charges are being computed."))
    if result is not None:
        for line in imports.describe_skipped(result):
            messages.warning(request, line)
    return response


@login_required
@require_POST
def round_open(request, pk):
    pool = _managed_post(request, pk)
    form = RoundForm(request.POST)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = run_service(
            request,
            form,
            lambda: services.round_open(
                actor=request.user,
                pool=pool,
                month=data["month"],
                suggested_amount=data["suggested_amount"],
                deadline=data.get("deadline"),
            ),
        )
    return _done(request, pool, form, result, _("Contribution round opened."))


@login_required
@require_POST
def top_up(request, pk):
    pool = _managed_post(request, pk)
    form = TopUpForm(request.POST)
    result = None
    if form.is_valid():
        period = current_period(pool) or period_for(pool, timezone.now().date())
        result = run_service(
            request,
            form,
            lambda: services.top_up(
                actor=request.user,
                pool=pool,
                amount=form.cleaned_data["amount"],
                period=period,
                key=form.cleaned_data["key"],
            ),
        )
    return _done(request, pool, form, result, _("Top-up recorded."))


@login_required
def ledger_view(request, pk):
    pool = _pool(request, pk)
    entries = (
        selectors.ledger_entry_list(user=request.user)
        .filter(account__pool=pool)
        .order_by("-transaction__created_at", "-transaction_id", "id")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "budgets/ledger.html", {"pool": pool, "page": page})
