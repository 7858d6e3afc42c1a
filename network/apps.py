from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Franchise network")

    def ready(self) -> None:
        from network import permissions
        from network.models import Role
        from network.navigation import NavItem, register

        register(NavItem("dashboard", _("Dashboard"), "dashboard", 0, lambda user: True))
        register(NavItem("network", _("Network"), "network-franchises", 10, lambda user: True))
        register(
            NavItem(
                "members",
                _("Members"),
                "members",
                80,
                lambda user: permissions.has_any_role(
                    user, Role.FRANCHISOR_ADMIN, Role.REGION_MANAGER, Role.LISTINGS_EDITOR
                ),
            )
        )
        register(
            NavItem(
                "audit",
                _("Audit log"),
                "audit-log",
                90,
                lambda user: permissions.has_any_role(user, Role.FRANCHISOR_ADMIN),
            )
        )
        register(NavItem("api", _("API"), "api-docs", 95, lambda user: user.is_staff))
        register(NavItem("admin", _("Administration"), "admin:index", 99, lambda user: user.is_staff))
