"""Hooks the public franchise pages read from other apps."""

from django.utils.translation import gettext as _

from listings.selectors import todays_hours as listing_todays_hours


def todays_hours(location):
    """Today's opening hours of a store, as text, or None when unknown."""
    periods = listing_todays_hours(location)
    if periods is None:
        return None
    if not periods:
        return _("Closed today")
    return ", ".join(f"{open_}–{close}" for open_, close in periods)
