"""Helpers shared by the listing pages."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from listings import permissions, selectors


def scoped_location(request, pk):
    location = selectors.listing_location_list(user=request.user).filter(pk=pk).first()
    if location is None:
        raise Http404
    return location


def one_or_404(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def listing_required(view):
    def wrapped(request, *args, **kwargs):
        if not permissions.has_listing_role(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)
