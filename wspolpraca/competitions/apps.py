from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "wspolpraca.competitions"
    verbose_name = _("competitions and small grants")

    def ready(self):
        from wspolpraca.accounts.roles import MFA_REQUIRED_CHECKS

        # Commission members read offers in the panel: they need two-step verification too.
        MFA_REQUIRED_CHECKS.append(lambda user: user.commission_seats.exists())
