"""Helpers shared by page views: the one error path of forms and services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from franchise_platform.errors import DomainError


def run_service(request, form, call):
    """Run a service for a valid form; a domain or validation error becomes a form error.

    Returns the service's result, or None when it failed (the form then carries the error).
    """
    try:
        return call()
    except DomainError as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
            form.add_error(field if field in form.fields else None, errors)
    except PermissionDenied as error:
        messages.error(request, str(error))
        raise
    return None


def unconfirmed(request, *, title: str, question: str, button: str, cancel_url: str, details=()):
    """The page that asks before a destructive action, or None once the person confirmed.

    A destructive button posts its form as usual; without `confirmed=1` the view answers with
    this page, which repeats the same fields with `confirmed=1` and says what will happen.
    """
    from django.shortcuts import render

    if request.POST.get("confirmed") == "1":
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "confirmed")
        for value in values
    ]
    context = {
        "title": title,
        "question": question,
        "button": button,
        "cancel_url": cancel_url,
        "details": list(details),
        "fields": fields,
        "action": request.path,
    }
    return render(request, "confirm.html", context)
