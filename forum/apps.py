from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from network.navigation import NavItem, register

        register(NavItem("help", _("Help"), "forum-index", 60, lambda user: True))
