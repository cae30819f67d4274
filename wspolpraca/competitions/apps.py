from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "wspolpraca.competitions"
    verbose_name = _("competitions and small grants")
