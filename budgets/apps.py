from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgets")

    def ready(self) -> None:
        from budgets import permissions
        from network.navigation import NavItem, register

        register(NavItem("budgets", _("Keyword pools"), "budgets-pools", 20, permissions.is_pool_manager))
        register(
            NavItem(
                "my-budget",
                _("My budget"),
                "budgets-mine",
                21,
                lambda user: permissions.uses_budgets(user) and not permissions.is_pool_manager(user),
            )
        )
        register(NavItem("leads", _("Leads"), "budgets-leads", 22, permissions.uses_budgets))

        from budgets.actions import register_actions

        register_actions()
