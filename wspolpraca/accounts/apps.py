from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wspolpraca.accounts"
    verbose_name = _("accounts")

    def ready(self):
        from allauth.mfa.models import Authenticator
        from django.db.models.signals import post_save

        from wspolpraca.accounts.second_factor import record_enrolment

        post_save.connect(record_enrolment, sender=Authenticator, dispatch_uid="accounts.record_enrolment")
