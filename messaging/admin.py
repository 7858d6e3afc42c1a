from django.contrib import admin

from messaging.models import Conversation, Message, Notification, NotificationPreference, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ["user"]


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["subject", "brand", "started_by", "last_message_at"]
    raw_id_fields = ["started_by"]
    inlines = [ParticipantInline, MessageInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "is_read", "emailed_at", "created_at"]
    list_filter = ["kind", "is_read"]
    raw_id_fields = ["user"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digest", "last_digest_at"]
    raw_id_fields = ["user"]
