from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and scale data (`seed_demo`, `seed_scale`): builders only, no models.

    It sits above every other app: it drives their services to make believable data, and
    nothing in the product imports it.
    """

    name = "wspolpraca.demo"
    verbose_name = _("demo data")
