from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "wspolpraca.consultations"
    verbose_name = _("consultations")

    def ready(self):
        from wspolpraca.common.home import register_home_sections
        from wspolpraca.consultations.home import home_sections

        register_home_sections(home_sections)
