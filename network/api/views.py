"""API of the network. Querysets come from selectors (scoped), writes from services."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.response import Response

from accounts.services import user_update_profile
from network import permissions, selectors, services
from network.api import filters, serializers

User = get_user_model()


class ScopedViewSet(viewsets.GenericViewSet):
    """Reads through `selector(user=...)`; a row outside the requester's scope is a 404.

    `input_serializers` maps an action to the serializer that checks its input; the response
    is always rendered with `serializer_class`.
    """

    selector = None
    input_serializers: dict = {}
    # action -> check(user, obj) raising PermissionDenied: a write without the right is a 403
    # before its input is even read.
    object_checks: dict = {}

    def get_queryset(self):
        return self.selector(user=self.request.user)

    def get_object(self):
        obj = super().get_object()
        check = self.object_checks.get(self.action)
        if check is not None:
            check(self.request.user, obj)
        return obj

    def get_serializer_class(self):
        return self.input_serializers.get(self.action, self.serializer_class)

    def _input(self, **kwargs):
        serializer = self.get_serializer(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _output(self, instance, status_code=status.HTTP_200_OK):
        return Response(self.serializer_class(instance, context=self.get_serializer_context()).data, status=status_code)


# The API's operation descriptions come from view docstrings: these bases explain themselves in
# comments, so the schema keeps describing the nodes, not the code.


class NodeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    # A node of the tree (brand, region, franchise, location): read within scope, changed through
    # its service by whoever holds the node rights there. `node_name` is the services' keyword
    # for the node; `update_service` changes one.

    node_name = ""
    update_service = None
    object_checks = {
        "update": permissions.check_change_node,
        "partial_update": permissions.check_change_node,
        "destroy": permissions.check_delete_node,
    }

    def update(self, request, *args, partial=False, **kwargs):
        node = self.get_object()
        data = self._input(instance=node, partial=partial)
        return self._output(self.update_service(actor=request.user, data=data, **{self.node_name: node}))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


class NodeDestroyMixin:
    # DELETE for the nodes that may be deleted (`delete_service`; brands may not).

    delete_service = None

    def destroy(self, request, *args, **kwargs):
        self.delete_service(actor=request.user, **{self.node_name: self.get_object()})
        return Response(status=status.HTTP_204_NO_CONTENT)


class ChildNodeCreateMixin:
    # POST for a franchise or a location: its parent comes in the body (`parent_name`).

    parent_name = ""
    create_service = None

    def create(self, request):
        data = self._input()
        parent = data.pop(self.parent_name)
        node = self.create_service(actor=request.user, data=data, **{self.parent_name: parent})
        return self._output(node, status.HTTP_201_CREATED)


class BrandViewSet(NodeViewSet):
    selector = staticmethod(selectors.brand_list)
    serializer_class = serializers.BrandSerializer
    ordering_fields = ["name"]
    node_name = "brand"
    update_service = staticmethod(services.brand_update)


class RegionViewSet(NodeDestroyMixin, NodeViewSet):
    selector = staticmethod(selectors.region_list)
    serializer_class = serializers.RegionSerializer
    input_serializers = {
        "update": serializers.RegionUpdateSerializer,
        "partial_update": serializers.RegionUpdateSerializer,
    }
    filterset_class = filters.RegionFilter
    ordering_fields = ["name"]
    node_name = "region"
    update_service = staticmethod(services.region_update)
    delete_service = staticmethod(services.region_delete)

    def create(self, request):
        data = self._input()
        region = services.region_create(actor=request.user, brand=data["brand"], name=data["name"], slug=data["slug"])
        return self._output(region, status.HTTP_201_CREATED)


class FranchiseViewSet(ChildNodeCreateMixin, NodeDestroyMixin, NodeViewSet):
    selector = staticmethod(selectors.franchise_list)
    serializer_class = serializers.FranchiseSerializer
    filterset_class = filters.FranchiseFilter
    ordering_fields = ["name", "created_at"]
    node_name, parent_name = "franchise", "region"
    create_service = staticmethod(services.franchise_create)
    update_service = staticmethod(services.franchise_update)
    delete_service = staticmethod(services.franchise_delete)


class LocationViewSet(ChildNodeCreateMixin, NodeDestroyMixin, NodeViewSet):
    selector = staticmethod(selectors.location_list)
    serializer_class = serializers.LocationSerializer
    input_serializers = {
        "update": serializers.LocationUpdateSerializer,
        "partial_update": serializers.LocationUpdateSerializer,
    }
    filterset_class = filters.LocationFilter
    ordering_fields = ["name", "city", "postal_code", "created_at"]
    node_name, parent_name = "location", "franchise"
    create_service = staticmethod(services.location_create)
    update_service = staticmethod(services.location_update)
    delete_service = staticmethod(services.location_delete)


class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.membership_list)
    serializer_class = serializers.MembershipSerializer
    input_serializers = {
        "create": serializers.MembershipCreateSerializer,
        "partial_update": serializers.MembershipUpdateSerializer,
    }
    object_checks = {
        "partial_update": lambda user, m: permissions.check_manage_members(user, node=m.node, role=m.role),
        "destroy": lambda user, m: permissions.check_manage_members(user, node=m.node, role=m.role),
    }
    filterset_class = filters.MembershipFilter
    ordering_fields = ["created_at", "role"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request):
        data = self._input()
        membership = services.membership_grant(actor=request.user, **data)
        return self._output(membership, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        data = self._input()
        return self._output(services.membership_change_role(actor=request.user, membership=membership, **data))

    def destroy(self, request, *args, **kwargs):
        services.membership_revoke(actor=request.user, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.invitation_list)
    serializer_class = serializers.InvitationSerializer
    input_serializers = {"create": serializers.InvitationCreateSerializer}
    object_checks = {
        "destroy": lambda user, inv: permissions.check_manage_members(user, node=inv.node, role=inv.role),
    }
    filterset_class = filters.InvitationFilter
    ordering_fields = ["created_at"]

    def create(self, request):
        data = self._input()
        invitation = services.invitation_create(actor=request.user, **data)
        return self._output(invitation, status.HTTP_201_CREATED)

    @extend_schema(description="Cancel an invitation that was not accepted yet.")
    def destroy(self, request, *args, **kwargs):
        services.invitation_cancel(actor=request.user, invitation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class CapabilityGrantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.capability_grant_list)
    serializer_class = serializers.CapabilityGrantSerializer
    input_serializers = {"create": serializers.CapabilityGrantCreateSerializer}
    object_checks = {"destroy": lambda user, grant: permissions.check_grant_capabilities(user, node=grant.node)}
    filterset_class = filters.CapabilityGrantFilter
    ordering_fields = ["created_at"]

    def create(self, request):
        data = self._input()
        grant = services.capability_grant(actor=request.user, **data)
        return self._output(grant, status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.capability_revoke(actor=request.user, grant=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditLogViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.audit_log_list)
    serializer_class = serializers.AuditLogSerializer
    filterset_class = filters.AuditLogFilter
    ordering_fields = ["created_at"]


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user, their language and their roles."""

    serializer_class = serializers.MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return User.objects.prefetch_related("memberships").get(pk=self.request.user.pk)

    def perform_update(self, serializer):
        serializer.instance = user_update_profile(user=serializer.instance, data=serializer.validated_data)
