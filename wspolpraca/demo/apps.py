from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and scale data (`seed_demo`, `seed_scale`): builders only, no models.

    It sits above every other app: it drives their services to make believable data, and
    nothing in the product imports it. (No verbose name: without models it never appears in
    the admin.)
    """

    name = "wspolpraca.demo"
