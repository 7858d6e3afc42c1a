from django.urls import reverse

from network.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "nav_items": [{"key": item.key, "label": item.label, "url": reverse(item.url_name)} for item in items_for(user)]
    }
