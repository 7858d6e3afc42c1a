"""The reports through the API: the same report object as the pages, scoped by role."""

from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting import metrics, reports, selectors


class KpiSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    higher_is_better = serializers.BooleanField()
    value = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    previous = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    change_pct = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    goal = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    region_median = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)


class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    drill = serializers.DictField(child=serializers.IntegerField(), allow_null=True)
    values = serializers.DictField(child=serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True))


class PerformanceSerializer(serializers.Serializer):
    level = serializers.CharField()
    node = serializers.DictField(child=serializers.IntegerField())
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    compare = serializers.CharField()
    kpis = KpiSerializer(many=True)
    rows_level = serializers.CharField()
    rows = RowSerializer(many=True)


def _q(metric, value):
    return metrics.rounded(metric, value)


def _kpi(kpi) -> dict:
    return {
        "key": kpi.metric.key,
        "name": str(kpi.metric.label),
        "unit": kpi.metric.unit,
        "higher_is_better": kpi.metric.higher_is_better,
        "value": _q(kpi.metric, kpi.value),
        "previous": _q(kpi.metric, kpi.previous),
        "change_pct": kpi.change.quantize(metrics.CENT) if kpi.change is not None else None,
        "goal": kpi.goal.target if kpi.goal else None,
        "region_median": _q(kpi.metric, kpi.median),
    }


def as_data(report) -> dict:
    return {
        "level": report.level,
        "node": report.node.params(),
        "name": report.node.label(),
        "start": report.period.start,
        "end": report.period.end,
        "compare": report.period.compare,
        "kpis": [_kpi(k) for k in report.first_row + report.second_row],
        "rows_level": report.child_level,
        "rows": [
            {
                "key": str(row.key),
                "label": str(row.label),
                "drill": row.params,
                "values": {m.key: _q(m, row.values.get(m.key)) for m in report.columns},
            }
            for row in report.rows
        ],
    }


PARAMS = [
    OpenApiParameter("level", OpenApiTypes.STR, enum=list(selectors.LEVELS), description="Level of the node."),
    OpenApiParameter("start", OpenApiTypes.DATE),
    OpenApiParameter("end", OpenApiTypes.DATE),
    OpenApiParameter("compare", OpenApiTypes.STR, enum=["previous", "last_year", "none"]),
    *[OpenApiParameter(name, OpenApiTypes.INT, description=f"Id of the {name}.") for name in selectors.LEVELS],
    OpenApiParameter("sort", OpenApiTypes.STR, description="A metric key, or label."),
    OpenApiParameter("dir", OpenApiTypes.STR, enum=["asc", "desc"]),
]


class PerformanceView(APIView):
    """Key figures of one node of the network (default: the requester's own) and its children.

    A node outside the requester's scope is a 404: a franchisee never sees another franchise's
    figures, only the anonymous median of their region.
    """

    @extend_schema(parameters=PARAMS, responses=PerformanceSerializer, operation_id="reports_performance")
    def get(self, request):
        params = request.query_params if isinstance(request.query_params, QueryDict) else QueryDict()
        try:
            report = reports.performance_report(request.user, params)
        except selectors.BadPeriod as error:
            raise serializers.ValidationError({"detail": str(error)}) from None
        return Response(PerformanceSerializer(as_data(report)).data)
