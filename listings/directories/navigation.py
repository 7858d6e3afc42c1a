"""Navigation entries of the directory pages; `register_items()` is called from
`ListingsConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from network import permissions
from network.models import Role
from network.navigation import NavItem, register


def register_items() -> None:
    register(NavItem("reviews", _("Reviews"), "listings-reviews", 35, lambda user: bool(permissions.roles_of(user))))
    register(
        NavItem(
            "duplicates",
            _("Duplicates"),
            "listings-duplicates",
            36,
            lambda user: permissions.has_any_role(
                user, Role.FRANCHISOR_ADMIN, Role.REGION_MANAGER, Role.LISTINGS_EDITOR
            ),
        )
    )
    register(
        NavItem(
            "directory-categories",
            _("Directory categories"),
            "listings-categories",
            37,
            lambda user: permissions.has_any_role(user, Role.FRANCHISOR_ADMIN),
        )
    )
