from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "wspolpraca.organisations"
    verbose_name = _("organisations")

    def ready(self):
        from wspolpraca.common.home import register_home_sections
        from wspolpraca.organisations.home import home_sections

        register_home_sections(home_sections)
