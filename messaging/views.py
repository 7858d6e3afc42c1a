"""Pages of messages and notifications under /messages/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from franchise_platform.views import run_service
from messaging import digest, forms, selectors, services
from messaging.models import NotificationPreference
from network.models import Brand


def _conversation(user, pk):
    conversation = selectors.conversation_list(user=user).filter(pk=pk).first()
    if conversation is None:
        raise Http404
    return conversation


@login_required
def inbox(request):
    conversations = selectors.conversation_list(user=request.user).prefetch_related("participants__user")
    page = Paginator(conversations, 25).get_page(request.GET.get("page"))
    return render(request, "messaging/inbox.html", {"page": page})


@login_required
def conversation_new(request):
    user = request.user
    initial = {
        "subject": request.GET.get("subject", "")[:200],
        "link_url": request.GET.get("link", "")[:500],
        "kpi": request.GET.get("kpi", "")[:100],
        "recipients": request.GET.getlist("to"),
    }
    form = forms.ConversationForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        brand = Brand.objects.filter(memberships__user=user).first()
        conversation = run_service(
            request,
            form,
            lambda: services.conversation_start(
                sender=user,
                recipients=list(data["recipients"]),
                subject=data["subject"],
                body=data["body"],
                brand=brand,
                link_url=data["link_url"],
                context={"kpi": data["kpi"]} if data["kpi"] else None,
            ),
        )
        if conversation:
            return redirect("messaging-conversation", conversation.pk)
    return render(request, "messaging/conversation_new.html", {"form": form})


@login_required
def conversation_detail(request, pk: int):
    user = request.user
    conversation = _conversation(user, pk)
    form = forms.ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        sent = run_service(
            request, form, lambda: services.message_send(conversation=conversation, author=user, body=body)
        )
        if sent:
            return redirect("messaging-conversation", conversation.pk)
    services.conversation_mark_read(conversation=conversation, user=user)
    context = {
        "conversation": conversation,
        "conversation_messages": conversation.messages.select_related("author"),
        "participants": [seat.user for seat in conversation.participants.select_related("user")],
        "form": form,
        "about": _about(conversation.context),
    }
    return render(request, "messaging/conversation_detail.html", context)


def _about(context: dict) -> str:
    """The conversation's context in words (a KPI question: the KPI and the part of the network)."""
    if (context or {}).get("kind") == "kpi" or "kpi" in (context or {}):
        from reporting.selectors import kpi_context_label

        return kpi_context_label(context)
    return ""


@login_required
def notifications(request):
    if request.method == "POST":
        services.notification_mark_read(user=request.user)
        return redirect("messaging-notifications")
    page = Paginator(selectors.notification_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "messaging/notifications.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk: int):
    notification = selectors.notification_list(user=request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    services.notification_mark_read(user=request.user, notification=notification)
    url = notification.url if notification.url.startswith("/") and not notification.url.startswith("//") else "/"
    return redirect(url)


@login_required
def preferences(request):
    preference = services.preference_for(request.user)
    form = forms.PreferenceForm(request.POST or None, initial={"digest": preference.digest})
    if request.method == "POST" and form.is_valid():
        saved = run_service(request, form, lambda: services.preference_update(user=request.user, **form.cleaned_data))
        if saved:
            messages.success(request, _("Your preferences are saved."))
            return redirect("messaging-preferences")
    return render(request, "messaging/preferences.html", {"form": form})


def unsubscribe(request, token: str):
    """From the digest e-mail, no login needed: the signed token names the user."""
    user = digest.user_from_token(token)
    if user is None:
        raise Http404
    if request.method == "POST":
        services.preference_update(user=user, digest=NotificationPreference.Digest.NEVER)
        return render(request, "messaging/unsubscribed.html", {"done": True})
    return render(request, "messaging/unsubscribed.html", {"done": False})
