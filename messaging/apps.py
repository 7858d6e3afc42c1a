from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from network.navigation import NavItem, register

        register(NavItem("messages", _("Messages"), "messaging-index", 65, lambda user: True))
