"""API of messages and notifications under /api/v1/messages/."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from forum.ratelimit import RateLimited
from messaging import selectors, services
from messaging.api import serializers as s
from network.api.views import ScopedViewSet


def _limited(call):
    try:
        return call()
    except RateLimited as error:
        raise exceptions.Throttled(detail=str(error.message)) from error


class ConversationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.conversation_list)
    serializer_class = s.ConversationSerializer
    input_serializers = {"create": s.ConversationStartSerializer, "reply": s.ReplySerializer}
    filterset_fields = ["brand"]
    ordering_fields = ["last_message_at"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("participants__user")

    def create(self, request):
        data = self._input()
        conversation = _limited(lambda: services.conversation_start(sender=request.user, **data))
        return self._output(self.get_queryset().get(pk=conversation.pk), status.HTTP_201_CREATED)

    @extend_schema(responses=s.MessageSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def messages(self, request, pk=None):
        conversation = self.get_object()
        return Response(s.MessageSerializer(conversation.messages.select_related("author"), many=True).data)

    @extend_schema(responses={201: s.MessageSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        conversation = self.get_object()
        data = self._input()
        message = _limited(
            lambda: services.message_send(conversation=conversation, author=request.user, body=data["body"])
        )
        return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        services.conversation_mark_read(conversation=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ContactViewSet(mixins.ListModelMixin, ScopedViewSet):
    """The people the requester may write to."""

    selector = staticmethod(selectors.contact_list)
    serializer_class = s.ContactSerializer
    ordering_fields = ["username"]

    def get_queryset(self):
        return super().get_queryset().order_by("username")


class NotificationViewSet(mixins.ListModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.notification_list)
    serializer_class = s.NotificationSerializer
    filterset_fields = ["is_read", "kind"]
    ordering_fields = ["created_at"]

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        services.notification_mark_read(user=request.user, notification=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=s.NotificationCountSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"count": services.notification_mark_read(user=request.user)})


class PreferenceView(generics.RetrieveUpdateAPIView):
    """The requester's e-mail digest preference."""

    serializer_class = s.PreferenceSerializer
    http_method_names = ["get", "patch", "head", "options"]
    parser_classes = [JSONParser]  # a body that is not a JSON object is refused, never read as empty

    def get_object(self):
        return services.preference_for(self.request.user)

    def perform_update(self, serializer):
        serializer.instance = services.preference_update(
            user=self.request.user, digest=serializer.validated_data.get("digest", serializer.instance.digest)
        )


class UnreadView(APIView):
    """What the bell shows: unread notifications and conversations with unread messages."""

    @extend_schema(responses=s.UnreadSerializer)
    def get(self, request):
        return Response(
            {
                "notifications": selectors.unread_notification_count(user=request.user),
                "conversations": selectors.unread_message_count(user=request.user),
            }
        )
