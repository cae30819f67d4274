"""Site roles, as administrators grant them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteRole(models.TextChoices):
    OFFICER = "officer", _("city officer")
    EXECUTIVE = "executive", _("executive (Mayor)")
    ADMINISTRATOR = "administrator", _("administrator")


def roles_of(user):
    """The site roles a user holds, as SiteRole members, in a fixed order."""
    held = []
    if user.is_officer:
        held.append(SiteRole.OFFICER)
    if user.is_executive:
        held.append(SiteRole.EXECUTIVE)
    if user.is_superuser:
        held.append(SiteRole.ADMINISTRATOR)
    return held


# Activity-log actions of this app, as people read them.
ACTION_LABELS = {
    "user.created": _("account created"),
    "user.profile_updated": _("details changed"),
    "user.roles_changed": _("roles changed"),
    "user.mfa_enrolled": _("two-step verification set up"),
    "user.deleted": _("account deleted"),
}
