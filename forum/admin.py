from django.contrib import admin

from forum.models import Category, Course, FaqEntry, FaqTopic, Lesson, Post, PostReport, Thread


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "brand", "position"]
    list_filter = ["brand"]
    filter_horizontal = ["regions"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "author", "is_pinned", "is_locked", "is_hidden", "created_at"]
    list_filter = ["is_pinned", "is_locked", "is_hidden"]
    search_fields = ["title"]
    raw_id_fields = ["author", "accepted_post"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["thread", "author", "is_hidden", "created_at"]
    raw_id_fields = ["thread", "author", "edited_by"]
    readonly_fields = ["body_html"]


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "reason", "created_at", "resolved_at"]
    raw_id_fields = ["post", "reporter"]


@admin.register(FaqTopic)
class FaqTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "brand", "position"]


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["question", "topic", "created_at"]
    raw_id_fields = ["source_post", "created_by"]
    readonly_fields = ["answer_html"]


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    readonly_fields = ["body_html"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "brand", "is_published"]
    filter_horizontal = ["regions"]
    inlines = [LessonInline]
