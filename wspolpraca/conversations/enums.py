from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """Who writes: the city office (officers) or the organisation (its members)."""

    OFFICER = "officer", _("the office")
    ORGANISATION = "organisation", _("the organisation")


OTHER_SIDE = {Side.OFFICER: Side.ORGANISATION, Side.ORGANISATION: Side.OFFICER}
