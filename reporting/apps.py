from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from network.navigation import NavItem, register
        from network.permissions import roles_of

        register(
            NavItem("reports", _("Reports"), "reports", 30, lambda user: user.is_superuser or bool(roles_of(user)))
        )

        from reporting.actions import register_actions

        register_actions()
