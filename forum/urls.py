"""Pages of the help centre under /help/."""

from django.urls import path

from forum import views

urlpatterns = [
    path("", views.index, name="forum-index"),
    path("threads/new/", views.thread_new, name="forum-thread-new"),
    path("threads/<int:pk>/", views.thread_detail, name="forum-thread"),
    path("threads/<int:pk>/<slug:action>/", views.thread_action, name="forum-thread-action"),
    path("posts/<int:pk>/edit/", views.post_edit, name="forum-post-edit"),
    path("posts/<int:pk>/<slug:action>/", views.post_action, name="forum-post-action"),
    path("images/", views.image_upload, name="forum-image-upload"),
    path("search/", views.search_page, name="forum-search"),
    path("faq/", views.faq_page, name="forum-faq"),
    path("faq/new/", views.faq_new, name="forum-faq-new"),
    path("reports/", views.reports_page, name="forum-reports"),
    path("categories/<int:pk>/follow/", views.category_follow, name="forum-category-follow"),
    path("training/new/", views.course_new, name="forum-course-new"),
    path("training/<int:pk>/lessons/new/", views.lesson_new, name="forum-lesson-new"),
    path("training/", views.training_index, name="forum-training"),
    path("training/<int:pk>/", views.course_detail, name="forum-course"),
    path("training/<int:pk>/progress/", views.course_progress, name="forum-course-progress"),
]
