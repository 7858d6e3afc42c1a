"""Reads of the FAQ: topics and entries of the brands the user belongs to, searchable."""

from django.db.models import Q, QuerySet

from forum.models import FaqEntry, FaqTopic
from network.models import Brand
from network.scoping import visible_brands


def faq_topic_list(*, user) -> QuerySet[FaqTopic]:
    return FaqTopic.objects.filter(brand_id__in=Brand.objects.filter(visible_brands(user)).values("pk"))


def faq_entry_list(*, user, query: str = "") -> QuerySet[FaqEntry]:
    qs = FaqEntry.objects.filter(topic__in=faq_topic_list(user=user)).select_related("topic")
    for term in (query or "").split()[:8]:
        qs = qs.filter(Q(question__icontains=term) | Q(answer__icontains=term))
    return qs
