from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "wspolpraca.common"
    verbose_name = _("common")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from wspolpraca.common import kept_forms, public_cache

        public_cache.connect_signals()
        user_logged_in.connect(kept_forms.on_user_logged_in, dispatch_uid="common.kept_forms")
