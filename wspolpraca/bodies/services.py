"""Changes to councils, terms and memberships: atomic, checked and written to the activity log."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.bodies.enums import (
    MEMBERSHIP_TRANSITIONS,
    MemberRole,
    MembershipState,
    NominatedBy,
)
from wspolpraca.bodies.models import (
    Body,
    Delegation,
    Membership,
    Term,
)
from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.storage import refuse_when_disk_full
from wspolpraca.common.transitions import move_state

BODY_FIELDS = (
    "kind",
    "name",
    "slug",
    "act_number",
    "act_date",
    "unit",
    "seats_ngo",
    "seats_city_council",
    "seats_executive",
    "min_ngo_share",
    "term_years",
    "min_age",
    "max_age",
    "contact_email",
    "name_genitive",
    "quorum_percent",
    "work_plan",
)


@transaction.atomic
def save_body(*, actor, body=None, data, act_pdf=None):
    """Create a body (body=None) or change one; `data` holds BODY_FIELDS; `act_pdf` a new PDF."""
    require_permission(actor, "bodies.manage_bodies")
    creating = body is None
    body = body or Body()
    before = {name: str(getattr(body, name)) for name in BODY_FIELDS} if not creating else {}
    for name in BODY_FIELDS:
        if name in data:
            setattr(body, name, data[name])
    if body.min_age is not None and body.max_age is not None and body.min_age > body.max_age:
        raise ValidationError({"max_age": _("The highest age cannot be lower than the lowest.")})
    if act_pdf:
        try:
            validate_pdf_content(act_pdf)
        except ValidationError as error:
            raise ValidationError({"act_pdf": error.messages}) from None
        with refuse_when_disk_full("act_pdf"):
            body.act_pdf.save(act_pdf.name, act_pdf, save=False)
    body.save()
    after = {name: str(getattr(body, name)) for name in BODY_FIELDS}
    changed = {name: [before.get(name), after[name]] for name in BODY_FIELDS if before.get(name) != after[name]}
    log_action(actor=actor, action="body.created" if creating else "body.changed", obj=body, data=changed)
    return body


@transaction.atomic
def add_term(*, actor, body, start, end=None):
    """Open the next term of `body`; its end defaults to the statute's term length."""
    require_permission(actor, "bodies.manage_bodies")
    body = Body.objects.select_for_update().get(pk=body.pk)
    end = end or _years_after(start, body.term_years) - datetime.timedelta(days=1)
    if end <= start:
        raise ValidationError({"end": _("The end of the term must be after its start.")})
    overlapping = body.terms.filter(start__lte=end, end__gte=start)
    if overlapping.exists():
        raise ValidationError({"start": _("This term would overlap another term of this body.")})
    last = body.terms.order_by("-number").values_list("number", flat=True).first() or 0
    term = Term.objects.create(body=body, number=last + 1, start=start, end=end)
    log_action(
        actor=actor,
        action="body.term_added",
        obj=body,
        data={"number": term.number, "start": str(start), "end": str(end)},
    )
    return term


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_limit_error(body, birth_year, start):
    """The statute's age limits (by the year: the age the member reaches in the year the seat
    starts), or None when they hold or the body sets none."""
    if body.min_age is None and body.max_age is None:
        return None
    if not birth_year:
        return _("The statute sets age limits: give the member's year of birth.")
    age = start.year - birth_year
    if (body.min_age is not None and age < body.min_age) or (body.max_age is not None and age > body.max_age):
        return _(
            "A member must be %(low)s–%(high)s years old under the statute; this person is %(age)s in %(year)s."
        ) % {
            "low": body.min_age if body.min_age is not None else 0,
            "high": body.max_age if body.max_age is not None else "…",
            "age": age,
            "year": start.year,
        }
    return None


def add_member(
    *, actor, term, name, role, nominated_by, start=None, user=None, organisation=None, birth_year=None, email=""
):
    """Give a seat in `term` to a person (an account, or a name only, with an e-mail for the
    invitations if they have one), within the statute's age limits."""
    require_permission(actor, "bodies.manage_bodies")
    start = start or max(term.start, timezone.localdate())
    errors = {}
    if not (term.start <= start <= term.end):
        errors["start"] = _("The membership must start within the term (%(start)s – %(end)s).") % {
            "start": term.start.strftime("%d.%m.%Y"),
            "end": term.end.strftime("%d.%m.%Y"),
        }
    if nominated_by == NominatedBy.ORGANISATION and organisation is None:
        errors["organisation"] = _("Choose the organisation that nominated the member.")
    if nominated_by != NominatedBy.ORGANISATION:
        organisation = None
    name = (name or "").strip() or (user.get_full_name() if user else "") or (user.email if user else "")
    if not name:
        errors["name"] = _("Give the member's name, or choose their account.")
    age_error = age_limit_error(term.body, birth_year, start)
    if age_error:
        errors["birth_year"] = age_error
    if errors:
        raise ValidationError(errors)
    if term.body.min_age is None and term.body.max_age is None:
        birth_year = None  # kept only where the statute needs it
    membership = Membership.objects.create(
        term=term,
        user=user,
        name=name,
        role=role,
        nominated_by=nominated_by,
        organisation=organisation,
        start=start,
        birth_year=birth_year,
        email="" if user else (email or "").strip(),
    )
    log_action(
        actor=actor,
        action="body.member_added",
        obj=term.body,
        data={
            "membership": membership.pk,
            "name": name,
            "role": role,
            "nominated_by": nominated_by,
            "term": term.number,
        },
    )
    return membership


def transition_membership(membership, to_state, *, actor, reason="", changes=None):
    """The one place a membership's state changes."""
    return move_state(
        membership,
        to_state,
        table=MEMBERSHIP_TRANSITIONS,
        actor=actor,
        action=f"body.membership_{to_state}",
        changes=changes,
        reason=reason,
        data={"name": membership.name, "body": membership.term.body_id},
        message=_("This membership has already ended."),
    )


@transaction.atomic
def end_membership(*, actor, membership, reason, end=None):
    """End a seat before its term ends (resignation, recall, death…): a reason is required."""
    require_permission(actor, "bodies.manage_bodies")
    membership = Membership.objects.select_for_update().select_related("term").get(pk=membership.pk)
    end = end or timezone.localdate()
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason why the membership ends early.")
    if end < membership.start or end > membership.term.end:
        errors["end"] = _("The last day must fall between the start of the membership and the end of the term.")
    if errors:
        raise ValidationError(errors)
    transition_membership(
        membership,
        MembershipState.ENDED,
        actor=actor,
        reason=reason,
        changes={"end": end, "end_reason": reason.strip()},
    )
    return membership


@transaction.atomic
def change_membership(*, actor, membership, role, email=""):
    """Change a sitting member's role (a new chair or secretary elected from among the members) or,
    for a member without an account, the e-mail their invitations and minutes go to."""
    require_permission(actor, "bodies.manage_bodies")
    membership = Membership.objects.select_for_update().select_related("term__body").get(pk=membership.pk)
    if membership.state != MembershipState.ACTIVE:
        raise ValidationError(_("This membership has already ended."))
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    before = {"role": membership.role, "email": membership.email}
    membership.role = role
    membership.email = "" if membership.user_id else (email or "").strip()
    membership.save(update_fields=["role", "email"])
    log_action(
        actor=actor,
        action="body.membership_changed",
        obj=membership.term.body,
        data={"membership": membership.pk, "from": before, "to": {"role": role, "email": membership.email}},
    )
    return membership


@transaction.atomic
def delegate_member(*, actor, membership, purpose, start=None, end=None):
    """Delegate a sitting member to the competition commissions: they appear in the commissions'
    pool of candidates as nominated by the body."""
    require_permission(actor, "bodies.manage_bodies")
    membership = Membership.objects.select_related("term__body").get(pk=membership.pk)
    start = start or timezone.localdate()
    errors = {}
    if not (purpose or "").strip():
        errors["purpose"] = _("Say what the member is delegated to.")
    if membership.state != MembershipState.ACTIVE or membership.until < start:
        errors["start"] = _("Only a member sitting on the body on that day can be delegated.")
    if end is not None and end < start:
        errors["end"] = _("The delegation must end after it starts.")
    if errors:
        raise ValidationError(errors)
    delegation = Delegation.objects.create(
        body=membership.term.body, membership=membership, purpose=purpose.strip(), start=start, end=end
    )
    log_action(
        actor=actor,
        action="body.member_delegated",
        obj=membership.term.body,
        data={"membership": membership.pk, "name": membership.name, "purpose": delegation.purpose},
    )
    return delegation
