from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Listings")

    def ready(self) -> None:
        from listings.directories.navigation import register_items
        from listings.permissions import has_listing_role
        from network.navigation import NavItem, register

        register(NavItem("listings", _("Listings"), "listings-home", 30, has_listing_role))
        register_items()

        from listings.actions import register_actions

        register_actions()
