"""Help-centre objects of the authorization world, in and out of scope (see tests/world.py).

Brand A: category `cat_A` (whole brand), `cat_A1` (region A1 only), `cat_A2` (region A2 only);
brand B: `cat_B`. Threads carry the region they come from, whose manager moderates them.
"""

from django.utils import timezone

from forum.markdown import render
from forum.models import Category, Course, FaqEntry, FaqTopic, Lesson, Post, PostReport, Thread
from messaging.models import Conversation, Message, Notification, Participant


def _thread(category, author, title, region, *, locked=False):
    thread = Thread.objects.create(category=category, author=author, title=title, region=region, is_locked=locked)
    body = f"{title}: habitation question"
    Post.objects.create(thread=thread, author=author, body=body, body_html=render(body))
    return thread


def _post(thread, author, body, *, hidden=False):
    return Post.objects.create(thread=thread, author=author, body=body, body_html=render(body), is_hidden=hidden)


def add_help_centre(w) -> None:
    u = w.users
    w.cat_A = Category.objects.create(brand=w.A, name="General", slug="general")
    w.cat_A1 = Category.objects.create(brand=w.A, name="North only", slug="north")
    w.cat_A1.regions.set([w.A1])
    w.cat_A2 = Category.objects.create(brand=w.A, name="South only", slug="south")
    w.cat_A2.regions.set([w.A2])
    w.cat_B = Category.objects.create(brand=w.B, name="Beta", slug="beta")

    w.thread_A1 = _thread(w.cat_A, u["franchisee"], "Claims in winter", w.A1)
    w.post_A1q = w.thread_A1.posts.get()
    w.post_A1r = _post(w.thread_A1, u["region"], "Use the habitation form")
    w.post_A1h = _post(w.thread_A1, u["franchisee2"], "habitation spam", hidden=True)
    w.thread_A2 = _thread(w.cat_A2, u["franchisee2"], "South pricing", w.A2)
    w.post_A2q = w.thread_A2.posts.get()
    w.thread_locked = _thread(w.cat_A, u["franchisee"], "Closed topic", w.A1, locked=True)
    w.post_locked = w.thread_locked.posts.get()
    w.thread_B = _thread(w.cat_B, u["beta_admin"], "Beta only", w.B1)
    w.post_B = w.thread_B.posts.get()
    w.report_A1 = PostReport.objects.create(post=w.post_A1r, reporter=u["franchisee2"], reason="off topic")

    w.topic_A = FaqTopic.objects.create(brand=w.A, name="Claims")
    w.topic_B = FaqTopic.objects.create(brand=w.B, name="Beta topic")
    w.faq_A = FaqEntry.objects.create(topic=w.topic_A, question="How?", answer="Like this", answer_html="<p>x</p>")
    w.faq_B = FaqEntry.objects.create(topic=w.topic_B, question="Beta?", answer="Beta", answer_html="<p>b</p>")

    w.course_A = Course.objects.create(brand=w.A, title="Welcome")
    w.lesson_A = Lesson.objects.create(course=w.course_A, title="First steps", body="Hello", body_html="<p>Hello</p>")
    w.course_A2 = Course.objects.create(brand=w.A, title="South course")
    w.course_A2.regions.set([w.A2])
    w.lesson_A2 = Lesson.objects.create(course=w.course_A2, title="South lesson")
    w.course_B = Course.objects.create(brand=w.B, title="Beta course")
    w.lesson_B = Lesson.objects.create(course=w.course_B, title="Beta lesson")

    w.conv_A = _conversation(w.A, u["franchisee"], u["region"], "Question about clicks")
    w.conv_B = _conversation(w.B, u["staffb"], u["beta_admin"], "Beta question")
    w.notif_franchisee = Notification.objects.create(user=u["franchisee"], kind="reply", title="A reply", url="/help/")
    w.notif_region = Notification.objects.create(user=u["region"], kind="reply", title="A reply", url="/help/")
    for name in ("franchisee", "franchisee2", "region", "beta_admin"):
        setattr(w, f"user_{name}", u[name])


def _conversation(brand, sender, recipient, subject):
    conversation = Conversation.objects.create(brand=brand, subject=subject, started_by=sender)
    Participant.objects.create(conversation=conversation, user=sender, last_read_at=timezone.now())
    Participant.objects.create(conversation=conversation, user=recipient)
    Message.objects.create(conversation=conversation, author=sender, body="Hello")
    return conversation
