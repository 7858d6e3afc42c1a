"""API routes of the help centre under /api/v1/forum/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from forum.api import views

router = SimpleRouter()
router.register("forum/categories", views.CategoryViewSet, basename="forum-category")
router.register("forum/threads", views.ThreadViewSet, basename="forum-thread")
router.register("forum/posts", views.PostViewSet, basename="forum-post")
router.register("forum/reports", views.ReportViewSet, basename="forum-report")
router.register("forum/faq/topics", views.FaqTopicViewSet, basename="forum-faq-topic")
router.register("forum/faq/entries", views.FaqEntryViewSet, basename="forum-faq-entry")
router.register("forum/courses", views.CourseViewSet, basename="forum-course")
router.register("forum/lessons", views.LessonViewSet, basename="forum-lesson")

urlpatterns = [
    path("forum/search/", views.SearchView.as_view(), name="api-forum-search"),
    path("forum/images/", views.ImageUploadView.as_view(), name="api-forum-image"),
    *router.urls,
]
