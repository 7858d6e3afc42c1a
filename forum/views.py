"""Pages of the help centre under /help/: forum, search, FAQ and training. Thin views over
selectors and services; every lookup goes through a scoped queryset (a miss is a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forum import faq, forms, permissions, search, selectors, services, training
from forum.models import Subscription
from franchise_platform.errors import DomainError
from franchise_platform.views import run_service


def _one(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _flash_domain(request, call):
    try:
        return call()
    except DomainError as error:
        messages.error(request, error.message)
    return None


@login_required
def index(request):
    user = request.user
    categories = selectors.category_list(user=user)
    solved = {"solved": True, "unsolved": False}.get(request.GET.get("status", ""))
    category = request.GET.get("category", "")
    filters = {"solved": solved, "category": int(category) if category.isdigit() else None}
    filters["following"] = request.GET.get("following") == "1"
    threads = selectors.thread_list(user=user, filters=filters)
    page = Paginator(threads, 25).get_page(request.GET.get("page"))
    context = {"categories": categories, "page": page, "status": request.GET.get("status", ""), "category": category}
    if filters["category"]:
        context["following_category"] = Subscription.objects.filter(
            user_id=user.pk, category_id=filters["category"]
        ).exists()
    context["open_reports"] = selectors.report_list(user=user).count()
    return render(request, "forum/index.html", context)


@login_required
def thread_new(request):
    form = forms.ThreadForm(request.POST or None, user=request.user, initial={"category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        thread = run_service(request, form, lambda: services.thread_create(author=request.user, **form.cleaned_data))
        if thread:
            return redirect("forum-thread", thread.pk)
    return render(request, "forum/thread_new.html", {"form": form})


@login_required
def thread_detail(request, pk: int):
    user = request.user
    thread = _one(selectors.thread_list(user=user), pk)
    posts = selectors.post_list(user=user).filter(thread=thread).select_related("author", "edited_by")
    moderator = permissions.can_moderate_thread(user, thread)
    form = forms.PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        post = run_service(
            request, form, lambda: services.post_create(author=user, thread=thread, body=form.cleaned_data["body"])
        )
        if post:
            return redirect(f"/help/threads/{thread.pk}/#post-{post.pk}")
    context = {
        "thread": thread,
        "posts": posts,
        "form": form,
        "moderator": moderator,
        "can_reply": permissions.can_reply(user, thread),
        "can_accept": permissions.can_accept_answer(user, thread),
        "can_promote": permissions.can_manage_brand_content(user, thread.category.brand),
        "following": selectors.is_following(user=user, thread=thread),
        "move_form": forms.MoveForm(user=user) if moderator else None,
        "promote_form": forms.PromoteForm(user=user, brand=thread.category.brand),
        "first_post_id": posts.values_list("pk", flat=True).first(),
    }
    return render(request, "forum/thread_detail.html", context)


@login_required
@require_POST
def thread_action(request, pk: int, action: str):
    user = request.user
    thread = _one(selectors.thread_list(user=user), pk)
    if action == "follow":
        services.follow_set(user=user, thread=thread, follow=request.POST.get("follow") == "1")
    else:
        permissions.check_moderate_thread(user, thread)
        category = None
        if action == "move":
            form = forms.MoveForm(request.POST, user=user)
            category = form.cleaned_data["category"] if form.is_valid() else None
        _flash_domain(
            request, lambda: services.thread_moderate(actor=user, thread=thread, action=action, category=category)
        )
    return redirect("forum-thread", thread.pk)


@login_required
@require_POST
def post_action(request, pk: int, action: str):
    user = request.user
    post = _one(selectors.post_list(user=user), pk)
    if action == "accept":
        _flash_domain(
            request,
            lambda: services.answer_accept(actor=user, post=post, accepted=request.POST.get("accepted", "1") == "1"),
        )
    elif action == "hide":
        _flash_domain(
            request,
            lambda: services.post_set_hidden(actor=user, post=post, hidden=request.POST.get("hidden", "1") == "1"),
        )
    elif action == "report":
        form = forms.ReportForm(request.POST)
        if form.is_valid() and _flash_domain(
            request, lambda: services.post_report(reporter=user, post=post, reason=form.cleaned_data["reason"])
        ):
            messages.success(request, _("Thank you: the moderators have been told."))
    elif action == "promote":
        permissions.check_promote_post(user, post)
        form = forms.PromoteForm(request.POST, user=user, brand=post.thread.category.brand)
        if form.is_valid():
            entry = _flash_domain(request, lambda: services.post_promote(actor=user, post=post, **form.cleaned_data))
            if entry:
                messages.success(request, _("The answer is now in the FAQ."))
    else:
        raise Http404
    return redirect(f"/help/threads/{post.thread_id}/#post-{post.pk}")


@login_required
def post_edit(request, pk: int):
    user = request.user
    post = _one(selectors.post_list(user=user), pk)
    permissions.check_edit_post(user, post)
    form = forms.PostForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        if run_service(request, form, lambda: services.post_edit(actor=user, post=post, body=body)):
            return redirect(f"/help/threads/{post.thread_id}/#post-{post.pk}")
    revisions = post.revisions.select_related("edited_by")
    return render(request, "forum/post_edit.html", {"form": form, "post": post, "revisions": revisions})


@login_required
def image_upload(request):
    form = forms.ImageForm(request.POST or None, request.FILES or None)
    image = None
    brands = selectors.category_list(user=request.user).values_list("brand", flat=True).distinct()
    if request.method == "POST" and form.is_valid() and brands:
        from network.models import Brand

        brand = Brand.objects.get(pk=brands[0])
        image = run_service(
            request,
            form,
            lambda: services.image_upload(user=request.user, brand=brand, upload=form.cleaned_data["image"]),
        )
    return render(request, "forum/image_upload.html", {"form": form, "image": image})


@login_required
def search_page(request):
    query = request.GET.get("q", "").strip()[:200]
    hits = search.search_posts(user=request.user, query=query, language=request.LANGUAGE_CODE) if query else []
    return render(request, "forum/search.html", {"query": query, "hits": hits})


@login_required
def faq_page(request):
    query = request.GET.get("q", "").strip()[:200]
    entries = faq.faq_entry_list(user=request.user, query=query).order_by("topic__position", "topic__name", "question")
    can_write = permissions.is_franchisor_staff(request.user)
    return render(request, "forum/faq.html", {"entries": entries, "query": query, "can_write": can_write})


@login_required
def training_index(request):
    courses = training.course_list(user=request.user).order_by("title")
    return render(
        request,
        "forum/training.html",
        {
            "courses": courses,
            "can_follow": permissions.can_follow_training(request.user),
            "can_write": permissions.is_franchisor_staff(request.user),
        },
    )


@login_required
def course_detail(request, pk: int):
    user = request.user
    course = _one(training.course_list(user=user), pk)
    lessons = course.lessons.all()
    done = set(user.lesson_completions.filter(lesson__course=course).values_list("lesson_id", flat=True))
    if request.method == "POST":
        lesson = _one(training.lesson_list(user=user).filter(course=course), request.POST.get("lesson", "0"))
        _flash_domain(request, lambda: training.lesson_complete(user=user, lesson=lesson))
        return redirect("forum-course", course.pk)
    can_write = permissions.can_manage_brand_content(user, course.brand)
    context = {"course": course, "lessons": lessons, "done": done, "can_write": can_write}
    return render(request, "forum/course_detail.html", context)


@login_required
def course_progress(request, pk: int):
    user = request.user
    course = _one(training.course_list(user=user), pk)
    if request.method == "POST":
        count = training.course_remind(actor=user, course=course)
        messages.success(
            request, ngettext("%(count)s reminder sent.", "%(count)s reminders sent.", count) % {"count": count}
        )
        return redirect("forum-course-progress", course.pk)
    rows = training.course_progress(user=user, course=course)
    context = {
        "course": course,
        "rows": rows,
        "by_region": training.progress_by(rows, "region"),
        "by_franchise": training.progress_by(rows, "franchise"),
    }
    return render(request, "forum/course_progress.html", context)


def _managed_brand(user):
    """The brand whose help centre the user writes (franchisor staff), or 403."""
    from network.models import Brand

    for brand in Brand.objects.filter(memberships__user=user).distinct():
        if permissions.can_manage_brand_content(user, brand):
            return brand
    raise PermissionDenied


@login_required
def faq_new(request):
    user = request.user
    brand = _managed_brand(user)
    form = forms.FaqEntryForm(request.POST or None, user=user, brand=brand)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create():
            topic = data["topic"] or services.faq_topic_create(actor=user, brand=brand, name=data["new_topic"])
            return services.faq_entry_create(actor=user, topic=topic, question=data["question"], answer=data["answer"])

        entry = run_service(request, form, create)
        if entry:
            return redirect(reverse("forum-faq") + f"#faq-{entry.pk}")
    return render(request, "forum/form_page.html", {"form": form, "title": _("New FAQ entry"), "multipart": False})


@login_required
def course_new(request):
    user = request.user
    brand = _managed_brand(user)
    form = forms.CourseForm(request.POST or None, user=user, brand=brand)
    if request.method == "POST" and form.is_valid():
        course = run_service(
            request, form, lambda: training.course_create(actor=user, brand=brand, **form.cleaned_data)
        )
        if course:
            return redirect("forum-course", course.pk)
    return render(request, "forum/form_page.html", {"form": form, "title": _("New course"), "multipart": False})


@login_required
def lesson_new(request, pk: int):
    user = request.user
    course = _one(training.course_list(user=user), pk)
    permissions.check_manage_brand_content(user, course.brand)
    form = forms.LessonForm(request.POST or None, request.FILES or None, initial={"position": course.lessons.count()})
    if request.method == "POST" and form.is_valid():
        lesson = run_service(
            request, form, lambda: training.lesson_create(actor=user, course=course, **form.cleaned_data)
        )
        if lesson:
            return redirect("forum-course", course.pk)
    context = {"form": form, "title": _("New lesson in “%(title)s”") % {"title": course.title}, "multipart": True}
    return render(request, "forum/form_page.html", context)


@login_required
def reports_page(request):
    reports = selectors.report_list(user=request.user).order_by("-created_at")
    return render(request, "forum/reports.html", {"reports": reports})


@login_required
@require_POST
def category_follow(request, pk: int):
    category = _one(selectors.category_list(user=request.user), pk)
    services.follow_set(user=request.user, category=category, follow=request.POST.get("follow") == "1")
    return redirect(reverse("forum-index") + f"?category={category.pk}")
