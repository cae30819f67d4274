from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "wspolpraca.conversations"
    verbose_name = _("messages")

    def ready(self):
        from wspolpraca.common.home import register_home_sections
        from wspolpraca.conversations import home

        # Unread messages on the person's home page (/moje/).
        register_home_sections(home.home_sections)
