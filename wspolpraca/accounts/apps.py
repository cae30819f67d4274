from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wspolpraca.accounts"
    verbose_name = _("accounts")

    def ready(self):
        # allauth keeps its rate-limit counters in the module's `cache` (the default one, local
        # memory without Redis: one counter per worker). They belong with the other limits, in
        # the cache every worker shares (settings.CACHES["limits"], docs/decisions/0006).
        from allauth.core.internal import ratelimit
        from axes.signals import user_locked_out
        from django.core.cache import caches

        from wspolpraca.accounts.lockout import on_locked_out

        ratelimit.cache = caches["limits"]
        user_locked_out.connect(on_locked_out, dispatch_uid="accounts-unlock-link")

        from allauth.mfa.models import Authenticator
        from django.db.models.signals import post_delete, post_save

        from wspolpraca.accounts.roles import forget_enrolment
        from wspolpraca.accounts.second_factor import record_enrolment

        post_save.connect(forget_enrolment, sender=Authenticator, dispatch_uid="accounts.forget_enrolment")
        post_delete.connect(forget_enrolment, sender=Authenticator, dispatch_uid="accounts.forget_enrolment_d")
        post_save.connect(record_enrolment, sender=Authenticator, dispatch_uid="accounts.record_enrolment")
