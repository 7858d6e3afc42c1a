"""Report pages: the dashboard with drill-down, the TV mode, exports, questions and goals."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from franchise_platform.views import run_service
from reporting import charts, exports, permissions, reports, selectors, services
from reporting.forms import AlertRuleForm, AskForm, GoalForm
from reporting.models import AlertRule, Goal


def _report(request, params=None):
    params = params if params is not None else request.GET
    try:
        return reports.performance_report(request.user, params)
    except selectors.BadPeriod as error:
        messages.error(request, str(error))
        clean = params.copy()
        for name in ("start", "end", "compare"):
            clean.pop(name, None)
        return reports.performance_report(request.user, clean)


def _context(request, report) -> dict:
    base = {**report.node.params(), **report.period.params()}
    chart_key = "views" if report.listings_only else "customers"
    series = [(day.isoformat(), totals) for day, totals in report.series]
    child_label = reports.level_label(report.child_level)
    charts_shown = [
        ("trend", charts.trend(series, chart_key, report.currency)),
        (
            "by-child",
            charts.by_child(report.rows, str(child_label), report.currency, report.listings_only)
            if report.child_level != "day"
            else None,
        ),
        ("funnel", None if report.listings_only else charts.funnel(report.funnel(), report.currency)),
    ]
    return {
        "report": report,
        "query": urlencode(base),
        "base": base,
        "sort": request.GET.get("sort", ""),
        "dir": request.GET.get("dir", "desc"),
        "child_label": child_label,
        "level_label": reports.level_label(report.level),
        "charts": [(name, config) for name, config in charts_shown if config is not None],
        "ask_form": AskForm(),
        "can_set_goals": permissions.can_set_goals(request.user, report.node.brand),
        "link": request.get_full_path(),
    }


@login_required
def dashboard(request):
    report = _report(request)
    return render(request, "reporting/dashboard.html", _context(request, report))


@login_required
def tv(request):
    report = _report(request)
    return render(request, "reporting/tv.html", _context(request, report))


@login_required
def export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    report = _report(request)
    name = f"report-{report.level}-{report.node.obj.pk}-{report.period.start}-{report.period.end}"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.to_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_POST
def ask(request):
    """Ask the person responsible about a KPI of the report view the form was on."""
    node = selectors.resolve_node(request.user, request.POST)
    form = AskForm(request.POST)
    link = request.POST.get("link", "")
    if not link.startswith("/reports/"):
        link = reverse("reports") + "?" + urlencode(node.params())
    if form.is_valid():
        conversation = run_service(
            request,
            form,
            lambda: services.kpi_question_ask(
                user=request.user,
                node=node,
                metric=form.cleaned_data["metric"],
                body=form.cleaned_data["body"],
                link_url=link,
            ),
        )
        if conversation:
            messages.success(
                request,
                _("Your question was sent to %(people)s. Follow it in your messages (/messages/).")
                % {
                    "people": ", ".join(
                        str(p)
                        for p in conversation.participants.exclude(user=request.user)
                        .select_related("user")
                        .values_list("user__username", flat=True)
                    )
                },
            )
            return redirect(link)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect(link)


@login_required
def goals(request):
    node = selectors.default_node(request.user, "brand")
    permissions.check_set_goals(request.user, node.brand)
    goal_form = GoalForm(request.POST if request.POST.get("form") == "goal" else None)
    rule_form = AlertRuleForm(request.POST if request.POST.get("form") == "rule" else None)
    saved = None
    if goal_form.is_bound and goal_form.is_valid():
        saved = run_service(
            request, goal_form, lambda: services.goal_set(user=request.user, brand=node.brand, **goal_form.cleaned_data)
        )
    if rule_form.is_bound and rule_form.is_valid():
        saved = run_service(
            request,
            rule_form,
            lambda: services.alert_rule_set(user=request.user, brand=node.brand, **rule_form.cleaned_data),
        )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("reports-goals")
    context = {
        "goal_form": goal_form,
        "rule_form": rule_form,
        "goals": Goal.objects.filter(brand=node.brand).select_related("region"),
        "rules": AlertRule.objects.filter(brand=node.brand),
        "brand": node.brand,
    }
    return render(request, "reporting/goals.html", context)


def query_with(params: dict, **changes) -> str:
    query = QueryDict(mutable=True)
    query.update({k: v for k, v in {**params, **changes}.items() if v not in (None, "")})
    return query.urlencode()
