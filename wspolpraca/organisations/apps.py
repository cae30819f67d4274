from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "wspolpraca.organisations"
    verbose_name = _("organisations")

    def ready(self):
        from wspolpraca.accounts.roles import register_personal_role
        from wspolpraca.common.home import register_home_sections
        from wspolpraca.conversations.registry import register_subject_kind
        from wspolpraca.organisations.home import home_sections
        from wspolpraca.organisations.models import Membership
        from wspolpraca.organisations.subjects import REGISTRATION

        # Acting for an organisation: the header's "My offers" (accounts/roles.py).
        register_personal_role("organisation_member", Membership.objects.all, "user")
        register_home_sections(home_sections)
        # The office and the organisation write to each other about its registration.
        register_subject_kind(REGISTRATION)
