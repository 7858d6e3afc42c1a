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
