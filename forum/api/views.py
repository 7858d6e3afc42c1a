"""API of the help centre: forum, FAQ and training. Scoped reads, writes through services."""

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, status
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from forum import faq, permissions, search, selectors, services, training
from forum.api import serializers as s
from forum.models import Thread
from forum.ratelimit import RateLimited
from network.api.views import ScopedViewSet


def _limited(call):
    try:
        return call()
    except RateLimited as error:
        raise exceptions.Throttled(detail=str(error.message)) from error


class ThreadFilter(django_filters.FilterSet):
    solved = django_filters.BooleanFilter(method="filter_solved")

    class Meta:
        model = Thread
        fields = ["category", "is_pinned", "is_locked"]

    def filter_solved(self, queryset, name, value):
        return queryset.filter(accepted_post__isnull=not value)


class CategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.category_list)
    serializer_class = s.CategorySerializer
    input_serializers = {"create": s.CategoryCreateSerializer}
    filterset_fields = ["brand"]
    ordering_fields = ["position", "name"]

    def create(self, request):
        data = self._input()
        return self._output(services.category_create(actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=s.FollowSerializer, responses=s.FollowSerializer)
    @action(detail=True, methods=["post"], serializer_class=s.FollowSerializer)
    def follow(self, request, pk=None):
        category = self.get_object()
        data = s.FollowSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follow = data.validated_data["follow"]
        services.follow_set(user=request.user, category=category, follow=follow)
        return Response({"follow": follow})


class ThreadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.thread_list)
    serializer_class = s.ThreadSerializer
    input_serializers = {
        "create": s.ThreadCreateSerializer,
        "partial_update": s.ThreadUpdateSerializer,
        "reply": s.BodySerializer,
        "moderate": s.ModerateSerializer,
        "follow": s.FollowSerializer,
    }
    object_checks = {
        "partial_update": permissions.check_moderate_thread,
        "moderate": permissions.check_moderate_thread,
        "reply": permissions.check_reply,
    }
    filterset_class = ThreadFilter
    ordering_fields = ["last_activity_at", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request):
        data = self._input()
        return self._output(_limited(lambda: services.thread_create(author=request.user, **data)), 201)

    def partial_update(self, request, *args, **kwargs):
        thread = self.get_object()
        data = self._input()
        return self._output(services.thread_rename(actor=request.user, thread=thread, title=data["title"]))

    @extend_schema(responses=s.PostSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        thread = self.get_object()
        data = self._input()
        post = _limited(lambda: services.post_create(author=request.user, thread=thread, body=data["body"]))
        return Response(s.PostSerializer(post).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def moderate(self, request, pk=None):
        thread = self.get_object()
        data = self._input()
        return self._output(services.thread_moderate(actor=request.user, thread=thread, **data))

    @extend_schema(responses=s.FollowSerializer)
    @action(detail=True, methods=["post"])
    def follow(self, request, pk=None):
        thread = self.get_object()
        data = self._input()
        services.follow_set(user=request.user, thread=thread, follow=data["follow"])
        return Response({"follow": data["follow"]})


class PostViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(selectors.post_list)
    serializer_class = s.PostSerializer
    input_serializers = {
        "partial_update": s.BodySerializer,
        "accept": s.AcceptSerializer,
        "hide": s.HideSerializer,
        "report": s.ReportSerializer,
        "promote": s.PromoteSerializer,
    }
    object_checks = {
        "partial_update": permissions.check_edit_post,
        "accept": permissions.check_accept_answer,
        "hide": lambda user, post: permissions.check_moderate_thread(user, post.thread),
        "promote": permissions.check_promote_post,
    }
    filterset_fields = ["thread", "author"]
    ordering_fields = ["created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def partial_update(self, request, *args, **kwargs):
        post = self.get_object()
        data = self._input()
        return self._output(services.post_edit(actor=request.user, post=post, body=data["body"]))

    @extend_schema(responses=s.ThreadSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        post = self.get_object()
        data = self._input()
        thread = services.answer_accept(actor=request.user, post=post, accepted=data["accepted"])
        return Response(s.ThreadSerializer(thread).data)

    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        post = self.get_object()
        data = self._input()
        return self._output(services.post_set_hidden(actor=request.user, post=post, hidden=data["hidden"]))

    @extend_schema(responses=s.PostReportSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        post = self.get_object()
        data = self._input()
        report = _limited(lambda: services.post_report(reporter=request.user, post=post, reason=data["reason"]))
        return Response(s.PostReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.FaqEntrySerializer)
    @action(detail=True, methods=["post"])
    def promote(self, request, pk=None):
        post = self.get_object()
        data = self._input()
        entry = services.post_promote(actor=request.user, post=post, **data)
        return Response(s.FaqEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.RevisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def revisions(self, request, pk=None):
        post = self.get_object()
        return Response(s.RevisionSerializer(post.revisions.select_related("edited_by"), many=True).data)


class ReportViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Open reports on the posts the requester moderates."""

    selector = staticmethod(selectors.report_list)
    serializer_class = s.PostReportSerializer
    ordering_fields = ["created_at"]


class SearchView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True, description="Words to look for")],
        responses=inline_serializer(
            "ForumSearchResult",
            {"count": drf_serializers.IntegerField(), "results": s.SearchHitSerializer(many=True)},
        ),
    )
    def get(self, request):
        hits = search.search_posts(
            user=request.user, query=request.query_params.get("q", ""), language=request.user.language
        )
        return Response({"count": len(hits), "results": s.SearchHitSerializer(hits, many=True).data})


class ImageUploadView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=s.ImageUploadSerializer, responses={201: s.ImageSerializer})
    def post(self, request):
        serializer = s.ImageUploadSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        image = _limited(lambda: services.image_upload(user=request.user, brand=data["brand"], upload=data["image"]))
        return Response(s.ImageSerializer(image).data, status=status.HTTP_201_CREATED)


class FaqTopicViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(faq.faq_topic_list)
    serializer_class = s.FaqTopicSerializer
    input_serializers = {"create": s.FaqTopicCreateSerializer}
    filterset_fields = ["brand"]

    def create(self, request):
        data = self._input()
        return self._output(services.faq_topic_create(actor=request.user, **data), status.HTTP_201_CREATED)


class FaqEntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Words to look for")

    class Meta:
        model = faq.FaqEntry
        fields = ["topic"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(pk__in=faq.faq_entry_list(user=self.request.user, query=value).values("pk"))


class FaqEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(faq.faq_entry_list)
    serializer_class = s.FaqEntrySerializer
    input_serializers = {"create": s.FaqEntryCreateSerializer}
    filterset_class = FaqEntryFilter

    def create(self, request):
        data = self._input()
        return self._output(services.faq_entry_create(actor=request.user, **data), status.HTTP_201_CREATED)


class CourseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(training.course_list)
    serializer_class = s.CourseSerializer
    input_serializers = {"create": s.CourseCreateSerializer}

    def create(self, request):
        data = self._input()
        course = training.course_create(actor=request.user, **data)
        return self._output(self.get_queryset().get(pk=course.pk), status.HTTP_201_CREATED)

    object_checks = {"progress": training.check_follow_course, "remind": training.check_follow_course}
    filterset_fields = ["brand"]

    @extend_schema(responses=s.ProgressSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def progress(self, request, pk=None):
        course = self.get_object()
        rows = training.course_progress(user=request.user, course=course)
        return Response(s.ProgressSerializer(rows, many=True).data)

    @extend_schema(request=None, responses=s.CountSerializer)
    @action(detail=True, methods=["post"])
    def remind(self, request, pk=None):
        course = self.get_object()
        return Response({"count": training.course_remind(actor=request.user, course=course)})


class LessonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    selector = staticmethod(training.lesson_list)
    serializer_class = s.LessonSerializer
    input_serializers = {"create": s.LessonCreateSerializer}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def create(self, request):
        data = self._input()
        return self._output(training.lesson_create(actor=request.user, **data), status.HTTP_201_CREATED)

    filterset_fields = ["course"]

    @extend_schema(request=None, responses={201: s.CompletionSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        lesson = self.get_object()
        completion = training.lesson_complete(user=request.user, lesson=lesson)
        return Response(s.CompletionSerializer(completion).data, status=status.HTTP_201_CREATED)
