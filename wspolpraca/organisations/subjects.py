"""An organisation's registration and verification as a subject of messages (conversations'
registry of subject kinds): its members write for it, the registry's officers for the office."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolpraca.common.models import SiteSettings
from wspolpraca.conversations.enums import Side
from wspolpraca.conversations.registry import SubjectKind
from wspolpraca.organisations.enums import MembershipRole
from wspolpraca.organisations.models import Organisation
from wspolpraca.organisations.rules import is_member, is_registry_officer


def representative_emails(organisation):
    """Whom the office's messages reach by e-mail: the organisation's active representatives."""
    return organisation.memberships.filter(role=MembershipRole.REPRESENTATIVE, user__is_active=True).values_list(
        "user__email", flat=True
    )


def _registry_officers(organisation):
    """The officer who verified the organisation, else the centre's mailbox."""
    if organisation.verified_by_id and organisation.verified_by.is_active:
        return [organisation.verified_by.email]
    return [SiteSettings.load().contact_email]


def _url(organisation, side):
    if side == Side.OFFICER:
        return reverse("organisations_panel:detail", kwargs={"pk": organisation.pk})
    return reverse("organisations:detail", kwargs={"slug": organisation.slug})


def _officer_records(user):
    return Organisation.objects.all() if is_registry_officer(user) else None


REGISTRATION = SubjectKind(
    key="organizacja",
    model=Organisation,
    title=lambda organisation: _("Registration of %(name)s") % {"name": organisation.name},
    organisation=lambda organisation: organisation,
    url=_url,
    officer_side=lambda user, organisation: is_registry_officer(user),
    organisation_side=lambda user, organisation: is_member(user, organisation),
    officer_records=_officer_records,
    officer_recipients=_registry_officers,
    organisation_recipients=representative_emails,
    empty=gettext_lazy("No messages yet — ask the office about the registration or verification of your organisation."),
)
