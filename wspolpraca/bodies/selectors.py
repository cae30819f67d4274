"""Reads: the bodies, their current terms and compositions, and the warnings officers act on."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wspolpraca.bodies.enums import (
    SIDE_OF,
    TERM_ENDING_DAYS,
    ElectionState,
    MemberRole,
    MembershipState,
    MinutesState,
    ResolutionState,
    Side,
)
from wspolpraca.bodies.models import (
    AgendaDocument,
    AgendaItem,
    Body,
    Delegation,
    Election,
    Meeting,
    Membership,
    Minutes,
    RegisteredOrganisation,
    Resolution,
    Term,
    Vote,
    Voter,
)
from wspolpraca.organisations.enums import MembershipRole
from wspolpraca.organisations.selectors import organisations_user_may_act_for

ROLE_ORDER = Case(
    *(When(role=role, then=Value(index)) for index, role in enumerate(MemberRole.values)),
    output_field=IntegerField(),
)


def current_filter(day=None, prefix=""):
    """Q for memberships sitting on `day`: active (or ended after it), started, within the term."""
    day = day or timezone.localdate()
    return Q(
        **{
            f"{prefix}start__lte": day,
            f"{prefix}term__start__lte": day,
            f"{prefix}term__end__gte": day,
        }
    ) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day}))


def current_memberships(day=None):
    return Membership.objects.filter(current_filter(day))


def bodies_public():
    return Body.objects.order_by("name")


def body_terms(body):
    """Every term of the body, newest first, with its members in the order of their roles."""
    members = Membership.objects.select_related("organisation", "user").order_by(ROLE_ORDER, "name")
    return list(body.terms.order_by("-start").prefetch_related(Prefetch("memberships", queryset=members)))


def current_term(terms, day=None):
    day = day or timezone.localdate()
    return next((term for term in terms if term.start <= day <= term.end), None)


def sitting(members, day=None):
    """The members of a term who sit on `day`."""
    day = day or timezone.localdate()
    return [m for m in members if m.start <= day and (m.end is None or m.end >= day)]


@dataclass
class Warning:
    code: str
    text: str


@dataclass
class BodyStatus:
    """A body with its current term, sitting members by side and the warnings computed from them."""

    body: Body
    term: Term | None
    counts: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)

    @property
    def members_total(self):
        return sum(self.counts.values())


def warnings_for(body, term, counts, day=None):
    """The statute checks: a term ending soon (or none running), vacant seats per side, the NGO share."""
    day = day or timezone.localdate()
    found = []
    if term is None:
        found.append(Warning("no_term", _("No term is running: add the current term.")))
        return found
    days_left = (term.end - day).days
    if days_left <= TERM_ENDING_DAYS:
        found.append(
            Warning(
                "term_ending",
                ngettext(
                    "The term ends in %(days)d day (%(end)s): prepare the next one.",
                    "The term ends in %(days)d days (%(end)s): prepare the next one.",
                    days_left,
                )
                % {"days": days_left, "end": term.end.strftime("%d.%m.%Y")},
            )
        )
    for side, seats in body.seats.items():
        vacant = seats - counts.get(side, 0)
        if vacant > 0:
            found.append(Warning(f"vacant_{side}", vacancy_text(side, vacant)))
    total = sum(counts.values())
    if body.min_ngo_share and total and counts.get(Side.NGO, 0) * 100 < body.min_ngo_share * total:
        share = round(counts.get(Side.NGO, 0) * 100 / total)
        found.append(
            Warning(
                "ngo_share",
                _("Organisations hold %(share)d%% of the seats taken; the statute requires at least %(minimum)d%%.")
                % {"share": share, "minimum": body.min_ngo_share},
            )
        )
    return found


def vacancy_text(side, vacant):
    if side == Side.NGO:
        text = ngettext(
            "%(count)d seat for organisations is vacant.", "%(count)d seats for organisations are vacant.", vacant
        )
    elif side == Side.CITY_COUNCIL:
        text = ngettext(
            "%(count)d seat for the city council is vacant.", "%(count)d seats for the city council are vacant.", vacant
        )
    else:
        text = ngettext(
            "%(count)d seat for the executive is vacant.", "%(count)d seats for the executive are vacant.", vacant
        )
    return text % {"count": vacant}


def statuses(bodies=None, day=None):
    """BodyStatus for each body, in three queries whatever their number."""
    day = day or timezone.localdate()
    bodies = list(bodies if bodies is not None else Body.objects.order_by("name"))
    terms = {
        term.body_id: term
        for term in Term.objects.filter(body__in=[b.pk for b in bodies], start__lte=day, end__gte=day)
    }
    counts = defaultdict(lambda: defaultdict(int))
    rows = (
        current_memberships(day).filter(term__in=[t.pk for t in terms.values()]).values_list("term_id", "nominated_by")
    )
    for term_id, nominated_by in rows:
        counts[term_id][SIDE_OF[nominated_by]] += 1
    result = []
    for body in bodies:
        term = terms.get(body.pk)
        body_counts = dict(counts[term.pk]) if term else {}
        result.append(BodyStatus(body, term, body_counts, warnings_for(body, term, body_counts, day)))
    return result


def status_of(body, day=None):
    return statuses([body], day)[0]


def needing_attention(day=None):
    return [status for status in statuses(day=day) if status.warnings]


def memberships_of(user, day=None):
    """The person's current seats, with their bodies and terms, the soonest end first."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        current_memberships(day)
        .filter(user=user, state=MembershipState.ACTIVE)
        .select_related("term__body")
        .order_by("term__end", "term__body__name")
    )


# --- elections ------------------------------------------------------------------------------


def registered_organisations(body):
    return body.registered_organisations.select_related("organisation").order_by("organisation__name")


def public_elections(body):
    """The commission's elections the public sees: all but drafts, the newest first."""
    return body.elections.exclude(state=ElectionState.DRAFT).select_related("target_term__body")


def election_candidates(election):
    """The candidates; by votes when the results are published (counts are never shown before)."""
    candidates = list(election.candidates.filter(consent=True).select_related("organisation"))
    if election.state == ElectionState.COUNTED:
        candidates.sort(key=lambda c: (-c.votes, c.name))
    return candidates


def organisations_to_vote(user, election):
    """The organisations `user` may vote for in `election` and that have not voted yet."""
    return eligible_organisations(user, election).exclude(
        pk__in=Voter.objects.filter(election=election).values("organisation_id")
    )


def eligible_organisations(user, election):
    """The verified organisations `user` represents that are registered in the electing commission."""
    return organisations_user_may_act_for(user, role=MembershipRole.REPRESENTATIVE).filter(
        commission_registrations__body_id=election.body_id
    )


def elections_to_vote(user, now=None):
    """(election, organisation) pairs where `user` may vote now and their organisation has not."""
    if not user.is_authenticated:
        return []
    now = now or timezone.now()
    organisations = list(organisations_user_may_act_for(user, role=MembershipRole.REPRESENTATIVE))
    if not organisations:
        return []
    registrations = RegisteredOrganisation.objects.filter(organisation__in=organisations)
    elections = list(
        Election.objects.filter(
            state=ElectionState.VOTING,
            voting_from__lte=now,
            voting_until__gt=now,
            body_id__in=registrations.values("body_id"),
        )
        .select_related("body")
        .order_by("voting_until")
    )
    registered = set(registrations.values_list("body_id", "organisation_id"))
    voted = set(
        Voter.objects.filter(election__in=elections, organisation__in=organisations).values_list(
            "election_id", "organisation_id"
        )
    )
    return [
        (election, organisation)
        for election in elections
        for organisation in organisations
        if (election.body_id, organisation.pk) in registered and (election.pk, organisation.pk) not in voted
    ]


def current_delegations(day=None):
    """Delegations to the competition commissions running on `day`, of members still sitting."""
    day = day or timezone.localdate()
    return (
        Delegation.objects.filter(start__lte=day, membership__state=MembershipState.ACTIVE)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .filter(current_filter(day, prefix="membership__"))
        .select_related("body", "membership__user")
        .order_by("membership__name")
    )


# --- meetings, resolutions, minutes -----------------------------------------------------------


def meetings_of(body):
    """The body's meetings, newest first, with their minutes (if any) in the same query."""

    return list(Meeting.objects.filter(term__body=body).select_related("term__body", "minutes").order_by("-starts_at"))


def adopted_resolutions(body=None):
    """Adopted resolutions and opinions (what the public sees), newest first."""

    resolutions = Resolution.objects.filter(state=ResolutionState.ADOPTED).select_related("body", "meeting")
    if body is not None:
        resolutions = resolutions.filter(body=body)
    return resolutions.order_by("-year", "-number")


def with_votes(resolutions):

    return resolutions.prefetch_related(
        Prefetch("votes", queryset=Vote.objects.select_related("membership").order_by("membership__name"))
    )


def published_minutes(body):

    return (
        Minutes.objects.filter(meeting__term__body=body, state=MinutesState.PUBLISHED)
        .select_related("meeting__term__body")
        .order_by("-meeting__starts_at")
    )


def agenda_of(meeting, *, working):
    """The meeting's agenda with its documents: the working ones only when `working`."""

    documents = AgendaDocument.objects.order_by("pk")
    if not working:
        documents = documents.filter(public=True)
    return list(meeting.agenda_items.prefetch_related(Prefetch("documents", queryset=documents)))


def working_documents(body):

    return (
        AgendaDocument.objects.filter(item__meeting__term__body=body)
        .select_related("item__meeting")
        .order_by("-item__meeting__starts_at", "item__position", "pk")
    )


def draft_minutes(body):

    return (
        Minutes.objects.filter(meeting__term__body=body)
        .exclude(state=MinutesState.PUBLISHED)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    )


def with_public_record(bodies):
    """Bodies with what their public pages show, in a fixed number of queries: meetings per term
    (agenda with `public_documents`, minutes), adopted resolutions with named votes as
    `api_resolutions`."""

    documents = AgendaDocument.objects.filter(public=True).select_related("item__meeting__term__body")
    items = AgendaItem.objects.order_by("position").prefetch_related(
        Prefetch("documents", queryset=documents.order_by("pk"), to_attr="public_documents")
    )
    meetings = (
        Meeting.objects.select_related("term__body", "minutes")
        .order_by("-starts_at")
        .prefetch_related(Prefetch("agenda_items", queryset=items))
    )
    votes = Vote.objects.select_related("membership").order_by("membership__name")
    resolutions = (
        Resolution.objects.filter(state=ResolutionState.ADOPTED)
        .select_related("body", "meeting")
        .order_by("-year", "-number")
        .prefetch_related(Prefetch("votes", queryset=votes))
    )
    return bodies.prefetch_related(
        "terms",
        Prefetch("terms__meetings", queryset=meetings),
        Prefetch("resolutions", queryset=resolutions, to_attr="api_resolutions"),
    )
