from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "wspolpraca.bodies"
    verbose_name = _("councils and teams")

    def ready(self):
        from wspolpraca.accounts.roles import register_personal_role
        from wspolpraca.bodies import home
        from wspolpraca.bodies.selectors import current_memberships
        from wspolpraca.common.home import register_home_sections

        # A person sitting on a council or team now (a membership of a running term).
        register_personal_role("body_member", current_memberships, "user")
        # Their bodies, and for officers the bodies needing attention, on /moje/.
        register_home_sections(home.home_sections)
