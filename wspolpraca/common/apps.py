from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "wspolpraca.common"
    verbose_name = _("common")

    def ready(self):
        from wspolpraca.common import public_cache

        public_cache.connect_signals()
