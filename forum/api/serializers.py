from rest_framework import serializers

from forum import selectors, training
from forum.models import Category, Course, FaqEntry, FaqTopic, ForumImage, Lesson, Post, PostReport, Thread
from franchise_platform.fields import ScopedPrimaryKeyRelatedField
from network.selectors import brand_list, region_list


class AuthorField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="username", read_only=True, **kwargs)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "brand", "name", "slug", "description", "position", "regions"]
        read_only_fields = fields


class CategoryCreateSerializer(serializers.Serializer):
    brand = ScopedPrimaryKeyRelatedField(brand_list)
    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(max_length=80)
    description = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    position = serializers.IntegerField(min_value=0, required=False, default=0)
    regions = ScopedPrimaryKeyRelatedField(region_list, many=True, required=False, default=list)


class PostSerializer(serializers.ModelSerializer):
    author = AuthorField()
    is_accepted = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id", "thread", "author", "body", "body_html", "is_hidden", "is_accepted",
            "created_at", "edited_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_is_accepted(self, post) -> bool:
        return post.thread.accepted_post_id == post.pk


class ThreadSerializer(serializers.ModelSerializer):
    author = AuthorField()
    is_solved = serializers.BooleanField(read_only=True)
    reply_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Thread
        fields = [
            "id", "category", "region", "title", "author", "is_pinned", "is_locked", "is_hidden",
            "is_solved", "accepted_post", "reply_count", "created_at", "last_activity_at",
        ]  # fmt: skip
        read_only_fields = fields


class ThreadCreateSerializer(serializers.Serializer):
    category = ScopedPrimaryKeyRelatedField(selectors.category_list)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=20_000)


class ThreadUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)


class BodySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20_000)


class ModerateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["pin", "unpin", "lock", "unlock", "hide", "unhide", "move"])
    category = ScopedPrimaryKeyRelatedField(selectors.category_list, required=False, allow_null=True, default=None)


class FollowSerializer(serializers.Serializer):
    follow = serializers.BooleanField(default=True)


class AcceptSerializer(serializers.Serializer):
    accepted = serializers.BooleanField(default=True)


class HideSerializer(serializers.Serializer):
    hidden = serializers.BooleanField(default=True)


class ReportSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class PostReportSerializer(serializers.ModelSerializer):
    reporter = AuthorField()

    class Meta:
        model = PostReport
        fields = ["id", "post", "reporter", "reason", "created_at", "resolved_at"]
        read_only_fields = fields


def faq_topic_list(*, user):
    from forum.faq import faq_topic_list as selector

    return selector(user=user)


class PromoteSerializer(serializers.Serializer):
    topic = ScopedPrimaryKeyRelatedField(faq_topic_list)
    question = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class RevisionSerializer(serializers.Serializer):
    body = serializers.CharField()
    edited_by = serializers.CharField(source="edited_by.username", default=None)
    created_at = serializers.DateTimeField()


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="post.pk")
    post = serializers.IntegerField(source="post.pk")
    thread = serializers.IntegerField(source="post.thread_id")
    rank = serializers.FloatField()
    title_html = serializers.CharField()
    excerpt_html = serializers.CharField()


class ImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    markdown = serializers.SerializerMethodField()

    class Meta:
        model = ForumImage
        fields = ["id", "url", "markdown", "width", "height", "created_at"]
        read_only_fields = fields

    def get_url(self, image) -> str:
        return image.image.url

    def get_markdown(self, image) -> str:
        return f"![]({image.image.url})"


class ImageUploadSerializer(serializers.Serializer):
    brand = ScopedPrimaryKeyRelatedField(brand_list)
    image = serializers.FileField()


class FaqTopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = FaqTopic
        fields = ["id", "brand", "name", "position"]
        read_only_fields = fields


class FaqTopicCreateSerializer(serializers.Serializer):
    brand = ScopedPrimaryKeyRelatedField(brand_list)
    name = serializers.CharField(max_length=120)
    position = serializers.IntegerField(min_value=0, required=False, default=0)


class FaqEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = FaqEntry
        fields = ["id", "topic", "question", "answer", "answer_html", "source_post", "created_at"]
        read_only_fields = fields


class FaqEntryCreateSerializer(serializers.Serializer):
    topic = ScopedPrimaryKeyRelatedField(faq_topic_list)
    question = serializers.CharField(max_length=300)
    answer = serializers.CharField(max_length=20_000)


class LessonSerializer(serializers.ModelSerializer):
    video_url = serializers.CharField(read_only=True)  # "" when the lesson has no video

    class Meta:
        model = Lesson
        fields = [
            "id",
            "course",
            "title",
            "position",
            "body",
            "body_html",
            "video_url",
            "attachment",
            "attachment_name",
        ]
        read_only_fields = fields


class CourseSerializer(serializers.ModelSerializer):
    lesson_count = serializers.IntegerField(read_only=True, default=0)
    done_count = serializers.IntegerField(read_only=True, default=0)
    lessons = LessonSerializer(many=True, read_only=True)

    class Meta:
        model = Course
        fields = [
            "id", "brand", "title", "summary", "roles", "regions", "is_published",
            "lesson_count", "done_count", "lessons",
        ]  # fmt: skip
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):
    user = serializers.CharField(source="user.username")
    region = serializers.CharField()
    franchise = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    completed = serializers.BooleanField()


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class CompletionSerializer(serializers.Serializer):
    lesson = serializers.IntegerField(source="lesson_id")
    completed_at = serializers.DateTimeField()


class CourseCreateSerializer(serializers.Serializer):
    brand = ScopedPrimaryKeyRelatedField(brand_list)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)
    roles = serializers.ListField(
        child=serializers.CharField(max_length=32),
        required=False,
        default=list,
        help_text="Role codes (all if empty)",
    )
    regions = ScopedPrimaryKeyRelatedField(region_list, many=True, required=False, default=list)
    is_published = serializers.BooleanField(required=False, default=True)


class LessonCreateSerializer(serializers.Serializer):
    course = ScopedPrimaryKeyRelatedField(training.course_list)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(required=False, default="", allow_blank=True, max_length=50_000)
    video_url = serializers.URLField(required=False, default="", allow_blank=True)
    position = serializers.IntegerField(min_value=0, required=False, default=0)
    attachment = serializers.FileField(required=False, default=None, allow_null=True)
