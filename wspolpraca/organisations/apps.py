from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "wspolpraca.organisations"
    verbose_name = _("organisations")

    def ready(self):
        from wspolpraca.common.home import register_home_sections
        from wspolpraca.conversations.registry import register_subject_kind
        from wspolpraca.organisations.home import home_sections
        from wspolpraca.organisations.subjects import REGISTRATION

        register_home_sections(home_sections)
        # The office and the organisation write to each other about its registration.
        register_subject_kind(REGISTRATION)
