from rest_framework import serializers

from franchise_platform import stored_text
from franchise_platform.fields import ScopedPrimaryKeyRelatedField
from messaging import selectors
from messaging.models import Conversation, Message, Notification, NotificationPreference
from network.selectors import brand_list


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Message
        fields = ["id", "conversation", "author", "body", "created_at"]
        read_only_fields = fields


class StoredTextField(serializers.CharField):
    """A stored message (franchise_platform.stored_text), in the reader's language."""

    def to_representation(self, value):
        return stored_text.render(value)


class ConversationSerializer(serializers.ModelSerializer):
    subject = StoredTextField(read_only=True)
    unread = serializers.IntegerField(read_only=True, default=0)
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = [
            "id",
            "subject",
            "brand",
            "link_url",
            "context",
            "participants",
            "unread",
            "created_at",
            "last_message_at",
        ]
        read_only_fields = fields

    def get_participants(self, conversation) -> list[str]:
        return [seat.user.username for seat in conversation.participants.all()]


class ConversationStartSerializer(serializers.Serializer):
    recipients = ScopedPrimaryKeyRelatedField(selectors.contact_list, many=True)
    brand = ScopedPrimaryKeyRelatedField(brand_list)
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=10_000)
    link_url = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    context = serializers.DictField(required=False, default=dict)


class ReplySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10_000)


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")


class NotificationSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="text", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "url", "is_read", "created_at"]
        read_only_fields = fields


class PreferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = NotificationPreference
        fields = ["digest", "last_digest_at"]
        read_only_fields = ["last_digest_at"]


class UnreadSerializer(serializers.Serializer):
    notifications = serializers.IntegerField()
    conversations = serializers.IntegerField()


class NotificationCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()
