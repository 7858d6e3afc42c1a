"""API of pooled budgets: reads through scoped selectors, writes through services."""

from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from budgets import closing, leads, permissions, selectors, services
from budgets.api import serializers
from network import permissions as network_permissions
from network import selectors as network_selectors
from network.api.views import ScopedViewSet


class PoolViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.pool_list)
    serializer_class = serializers.PoolSerializer
    input_serializers = {
        "create": serializers.PoolCreateSerializer,
        "keywords": serializers.KeywordCreateSerializer,
        "top_up": serializers.TopUpSerializer,
    }
    object_checks = {"keywords": permissions.check_manage_pool, "top_up": permissions.check_manage_pool}
    filterset_fields = ["brand", "is_active"]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("keywords", "regions")

    def create(self, request):
        data = self._input()
        pool = services.pool_create(actor=request.user, **data)
        return self._output(pool, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.KeywordCreateSerializer, responses=serializers.PoolSerializer)
    @action(detail=True, methods=["post"])
    def keywords(self, request, pk=None):
        pool = self.get_object()
        data = self._input()
        services.keyword_add(actor=request.user, pool=pool, text=data["text"], group=data["group"])
        return self._output(self.get_queryset().get(pk=pool.pk), status.HTTP_201_CREATED)

    @extend_schema(request=serializers.TopUpSerializer, responses={201: serializers.TopUpResultSerializer})
    @action(detail=True, methods=["post"], url_path="top-up")
    def top_up(self, request, pk=None):
        """The franchisor adds its own money to the pool's current month. Idempotent on `key`:
        the same key and amount answer the first top-up again; the same key with another amount
        is refused with 409 (`idempotency_key_reused`) and nothing is recorded."""
        pool = self.get_object()
        data = self._input()
        today = timezone.now().date()
        period = services.current_period(pool, today) or services.period_for(pool, today)
        txn = services.top_up(actor=request.user, pool=pool, amount=data["amount"], period=period, key=data["key"])
        amount = sum((e.amount for e in txn.entries.all() if e.amount > 0), Decimal(0))
        result = {"pk": txn.pk, "key": data["key"], "amount": amount, "created_at": txn.created_at}
        return Response(serializers.TopUpResultSerializer(result).data, status=status.HTTP_201_CREATED)


class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.round_list)
    serializer_class = serializers.RoundSerializer
    input_serializers = {"create": serializers.RoundCreateSerializer, "close": None}
    object_checks = {"close": permissions.check_manage_round}
    filterset_fields = ["status", "period__pool"]
    ordering_fields = ["deadline", "created_at"]

    def create(self, request):
        data = self._input()
        contribution_round = services.round_open(
            actor=request.user,
            pool=data["pool"],
            month=data["month"],
            suggested_amount=data["suggested_amount"],
            deadline=data.get("deadline"),
        )
        return self._output(contribution_round, status.HTTP_201_CREATED)

    def get_serializer_class(self):
        if self.action == "close":
            return serializers.RoundSerializer
        return super().get_serializer_class()

    @extend_schema(request=None, responses=serializers.RoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        contribution_round = self.get_object()
        return self._output(services.round_close(actor=request.user, contribution_round=contribution_round))


class PledgeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.pledge_list)
    serializer_class = serializers.PledgeSerializer
    input_serializers = {"answer": serializers.PledgeAnswerSerializer}
    object_checks = {"answer": permissions.check_answer_pledge}
    filterset_fields = ["round", "franchise", "status"]
    ordering_fields = ["amount", "answered_at"]

    @extend_schema(request=serializers.PledgeAnswerSerializer, responses=serializers.PledgeSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        pledge = self.get_object()
        data = self._input()
        return self._output(services.pledge_answer(actor=request.user, pledge=pledge, **data))


class LedgerEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.ledger_entry_list)
    serializer_class = serializers.LedgerEntrySerializer
    filterset_fields = ["account__pool", "account__franchise", "transaction__kind", "period"]
    ordering_fields = ["id"]


class ClickViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.click_list)
    serializer_class = serializers.ClickSerializer
    filterset_fields = ["pool", "franchise", "keyword", "is_bot"]
    ordering_fields = ["created_at"]


class LeadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.lead_list)
    serializer_class = serializers.LeadSerializer
    input_serializers = {"partial_update": serializers.LeadUpdateSerializer}
    object_checks = {"partial_update": permissions.check_work_lead}
    filterset_fields = ["franchise", "status", "keyword"]
    ordering_fields = ["created_at", "status"]
    http_method_names = ["get", "patch", "head", "options"]

    def partial_update(self, request, *args, **kwargs):
        lead = self.get_object()
        data = self._input()
        return self._output(leads.lead_update(actor=request.user, lead=lead, **data))


class FranchiseCloseView(generics.GenericAPIView):
    """Close a franchise: it leaves the network instead of being deleted. Its balance in every
    pool is settled by one ledger transaction (`refund`: back to the franchisee; `pool`: to the
    franchisor's account), it receives no further clicks, and its history stays readable.
    Franchisor admins only; a closed franchise cannot be closed again (400)."""

    serializer_class = serializers.FranchiseCloseSerializer

    @extend_schema(request=serializers.FranchiseCloseSerializer, responses=serializers.FranchiseClosureSerializer)
    def post(self, request, pk: int):
        franchise = network_selectors.franchise_list(user=request.user).filter(pk=pk).first()
        if franchise is None:
            raise Http404
        network_permissions.check_close_franchise(request.user, franchise)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        closure = closing.franchise_close(actor=request.user, franchise=franchise, **data.validated_data)
        return Response(serializers.FranchiseClosureSerializer(closure).data, status=status.HTTP_200_OK)
