"""Elections in the civic dialogue commissions (secret ballot): the register of organisations,
candidates, the vote, paper ballots, the count and the results; atomic, checked, in the activity log.

The secret: who voted (Voter: election, organisation, a random key) is stored apart from the
votes (Candidate.online_votes, counters rewritten together in the voter's transaction). Neither
table has a timestamp or an ordered id; the log says that an organisation voted, never for whom."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wspolpraca.bodies.enums import (
    ELECTION_TRANSITIONS,
    BodyKind,
    ElectionState,
    MemberRole,
    NominatedBy,
    TieResolution,
)
from wspolpraca.bodies.models import Candidate, Election, RegisteredOrganisation, Voter
from wspolpraca.bodies.services import add_member
from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.storage import refuse_when_disk_full
from wspolpraca.common.transitions import move_state
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.rules import is_representative, is_verified_organisation


def _require_commission(body):
    if body.kind != BodyKind.CIVIC_DIALOGUE_COMMISSION:
        raise ValidationError(_("Only a civic dialogue commission registers organisations and holds elections."))


@transaction.atomic
def register_organisation(*, actor, body, organisation, registered_on=None):
    """Enter an organisation in the commission's register: it may vote in its elections."""
    require_permission(actor, "bodies.manage_elections")
    _require_commission(body)
    if organisation.verification_status != VerificationStatus.VERIFIED:
        raise ValidationError({"organisation": _("Only a verified organisation can be registered.")})
    if RegisteredOrganisation.objects.filter(body=body, organisation=organisation).exists():
        raise ValidationError({"organisation": _("This organisation is already registered in the commission.")})
    registration = RegisteredOrganisation.objects.create(
        body=body, organisation=organisation, registered_on=registered_on or timezone.localdate()
    )
    log_action(actor=actor, action="body.organisation_registered", obj=body, data={"organisation": organisation.pk})
    return registration


@transaction.atomic
def withdraw_organisation(*, actor, registration):
    require_permission(actor, "bodies.manage_elections")
    body, organisation_pk = registration.body, registration.organisation_id
    registration.delete()
    log_action(actor=actor, action="body.organisation_withdrawn", obj=body, data={"organisation": organisation_pk})


def _check_dates(candidacies_until, voting_from, voting_until):
    errors = {}
    if voting_from < candidacies_until:
        errors["voting_from"] = _("Voting may open only after candidacies close.")
    if voting_until <= voting_from:
        errors["voting_until"] = _("Voting must close after it opens.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_election(*, actor, body, target_term, title, candidacies_until, voting_from, voting_until, seats=1):
    """A draft election in the commission `body` for `seats` seats in `target_term`."""
    require_permission(actor, "bodies.manage_elections")
    _require_commission(body)
    _check_dates(candidacies_until, voting_from, voting_until)
    if target_term.end < timezone.localdate():
        raise ValidationError({"target_term": _("This term has already ended.")})
    election = Election.objects.create(
        body=body,
        target_term=target_term,
        title=title,
        seats=seats,
        candidacies_until=candidacies_until,
        voting_from=voting_from,
        voting_until=voting_until,
    )
    log_action(actor=actor, action="election.created", obj=election, data={"body": body.pk, "seats": seats})
    return election


def transition_election(election, to_state, *, actor, reason="", changes=None, data=None):
    """The one place an election's state changes."""
    return move_state(
        election,
        to_state,
        table=ELECTION_TRANSITIONS,
        actor=actor,
        action=f"election.{to_state}",
        changes=changes,
        reason=reason,
        data=data,
        message=_("The election cannot move from “%(from)s” to “%(to)s”."),
    )


def _locked(election):
    return Election.objects.select_for_update().select_related("body", "target_term__body").get(pk=election.pk)


@transaction.atomic
def open_candidacies(*, actor, election):
    require_permission(actor, "bodies.manage_elections")
    election = _locked(election)
    transition_election(election, ElectionState.CANDIDACIES, actor=actor)
    return election


def may_declare_candidate(user, election, organisation):
    if user.has_perm("bodies.manage_elections"):
        return True
    return bool(is_representative(user, organisation) and is_verified_organisation(user, organisation))


@transaction.atomic
def declare_candidate(*, actor, election, name, organisation, consent, consent_file=None):
    """A candidate put forward by an organisation, with their consent, before candidacies close.

    An organisation's representative attaches the signed consent (PDF); an officer may instead
    declare that it is held on paper."""
    election = _locked(election)
    if not may_declare_candidate(actor, election, organisation):
        raise PermissionDenied
    errors = {}
    if not election.candidacies_open():
        raise ValidationError(_("Candidacies for this election are closed."))
    if not (name or "").strip():
        errors["name"] = _("Give the candidate's name.")
    if not consent:
        errors["consent"] = _("The candidate's consent is required.")
    if consent_file is None and not actor.has_perm("bodies.manage_elections"):
        errors["consent_file"] = _("Attach the candidate's signed consent (PDF).")
    elif consent_file is not None:
        try:
            validate_pdf_content(consent_file)
        except ValidationError as error:
            errors["consent_file"] = error.messages
    if errors:
        raise ValidationError(errors)
    candidate = Candidate(election=election, name=name.strip(), organisation=organisation, consent=True)
    if consent_file is not None:
        with refuse_when_disk_full("consent_file"):
            candidate.consent_file.save(consent_file.name, consent_file, save=False)
    candidate.save()
    log_action(
        actor=actor,
        action="election.candidate_declared",
        obj=election,
        data={"candidate": candidate.pk, "name": candidate.name, "organisation": organisation.pk},
    )
    return candidate


@transaction.atomic
def open_voting(*, actor, election, voting_from=None, voting_until=None):
    """Close candidacies and open the ballot; the electorate is the commission's register now."""
    require_permission(actor, "bodies.manage_elections")
    election = _locked(election)
    voting_from = voting_from or election.voting_from
    voting_until = voting_until or election.voting_until
    now = timezone.now()
    if voting_until <= voting_from:
        raise ValidationError({"voting_until": _("Voting must close after it opens.")})
    if voting_until <= now:
        raise ValidationError({"voting_until": _("The end of voting has already passed.")})
    if not election.candidates.filter(consent=True).exists():
        raise ValidationError(_("Voting cannot open without a candidate."))
    transition_election(
        election,
        ElectionState.VOTING,
        actor=actor,
        changes={
            "voting_from": voting_from,
            "voting_until": voting_until,
            "candidacies_until": min(election.candidacies_until, voting_from, now),
            "eligible_count": election.body.registered_organisations.count(),
        },
    )
    return election


def may_vote_for(user, election, organisation):
    """A representative of a verified organisation registered in the commission."""
    return bool(
        user.is_authenticated
        and is_representative(user, organisation)
        and is_verified_organisation(user, organisation)
        and RegisteredOrganisation.objects.filter(body_id=election.body_id, organisation=organisation).exists()
    )


@transaction.atomic
def cast_vote(*, actor, election, organisation, candidate):
    """One vote of `organisation` for `candidate`: the voter row and the counter, in one transaction.

    A second vote of the organisation (also at the same moment, from another representative)
    fails on the unique constraint of Voter."""
    if not may_vote_for(actor, election, organisation):
        raise PermissionDenied
    election = Election.objects.get(pk=election.pk)
    if not election.voting_open():
        raise ValidationError(_("Voting in this election is not open."))
    if candidate.election_id != election.pk or not candidate.consent:
        raise ValidationError({"candidate": _("Choose a candidate of this election.")})
    try:
        with transaction.atomic():
            Voter.objects.create(election=election, organisation=organisation)
    except IntegrityError:
        raise ValidationError(_("Your organisation has already voted in this election."), code="voted") from None
    # Every candidate's row is rewritten (+1 for the one chosen, +0 for the others): on
    # PostgreSQL the rows' writing transaction (xmin) and their place in the table then change
    # alike whoever was chosen, so neither points to the choice of the last voter.
    Candidate.objects.filter(election=election).update(
        online_votes=F("online_votes") + Case(When(pk=candidate.pk, then=Value(1)), default=Value(0))
    )
    # That the organisation voted — never for whom.
    log_action(actor=actor, action="election.voted", obj=election, data={"organisation": organisation.pk})


@transaction.atomic
def record_paper_ballots(*, actor, election, counts, scan):
    """The paper ballots cast at a meeting: a count per candidate, with the ballots' scan (private)."""
    require_permission(actor, "bodies.manage_elections")
    election = _locked(election)
    if election.state != ElectionState.VOTING:
        raise ValidationError(_("Paper ballots are recorded while the voting runs."))
    if scan is None and not election.paper_ballots_scan:
        raise ValidationError({"scan": _("Attach the scan of the ballots.")})
    if scan is not None:
        try:
            validate_pdf_content(scan)
        except ValidationError as error:
            raise ValidationError({"scan": error.messages}) from None
        with refuse_when_disk_full("scan"):
            election.paper_ballots_scan.save(scan.name, scan, save=False)
        election.save(update_fields=["paper_ballots_scan"])
    candidates = {c.pk: c for c in election.candidates.all()}
    for pk, count in counts.items():
        if pk not in candidates or count < 0:
            raise ValidationError(_("Give a count for the candidates of this election."))
        Candidate.objects.filter(pk=pk).update(paper_votes=count)
    log_action(
        actor=actor,
        action="election.paper_ballots_recorded",
        obj=election,
        data={"counts": {candidates[pk].name: count for pk, count in counts.items()}},
    )


def results(election):
    """(candidates by votes, turnout, valid, sure winners, tied for the last seats, seats left)."""
    candidates = sorted(election.candidates.filter(consent=True), key=lambda c: (-c.votes, c.name))
    turnout = election.voters.count() + sum(c.paper_votes for c in candidates)
    eligible = election.eligible_count or 0
    valid = turnout > 0 and (not eligible or turnout * 100 >= settings.ELECTION_MIN_TURNOUT * eligible)
    with_votes = [c for c in candidates if c.votes > 0]
    if not valid or len(with_votes) <= election.seats:
        return candidates, turnout, valid, with_votes if valid else [], [], 0
    boundary = with_votes[election.seats - 1].votes
    sure = [c for c in with_votes if c.votes > boundary]
    at_boundary = [c for c in with_votes if c.votes == boundary]
    left = election.seats - len(sure)
    if len(at_boundary) == left:
        return candidates, turnout, valid, sure + at_boundary, [], 0
    return candidates, turnout, valid, sure, at_boundary, left


@transaction.atomic
def count_election(*, actor, election, lot_winners=None):
    """After the voting closes: publish the results, elect, and break a tie as the statute says.

    A tie for the last seats needs either the lot drawn by the officer (`lot_winners`, recorded
    with who drew it and when) or, with ELECTION_TIE_RESOLUTION = "second_round", a new election
    among the tied candidates (returned)."""
    require_permission(actor, "bodies.manage_elections")
    election = _locked(election)
    if election.state == ElectionState.VOTING and timezone.now() < election.voting_until:
        raise ValidationError(_("The votes are counted after the voting closes."))
    candidates, turnout, valid, winners, tied, left = results(election)
    changes = {"counted_at": timezone.now()}
    second_round = None
    if tied and settings.ELECTION_TIE_RESOLUTION == TieResolution.SECOND_ROUND:
        pass
    elif tied:
        chosen = [c for c in tied if c.pk in set(lot_winners or ())]
        if len(chosen) != left or len(set(lot_winners or ())) != left:
            raise ValidationError(
                {
                    "lot_winners": ngettext(
                        "A tie: draw lots and choose %(count)d of: %(names)s.",
                        "A tie: draw lots and choose %(count)d of: %(names)s.",
                        left,
                    )
                    % {"count": left, "names": ", ".join(c.name for c in tied)}
                },
                code="tie",
            )
        winners = winners + chosen
        changes.update(lot_drawn_by=actor, lot_drawn_at=timezone.now())
    transition_election(
        election,
        ElectionState.COUNTED,
        actor=actor,
        changes=changes,
        data={
            "results": {c.name: c.votes for c in candidates},
            "turnout": turnout,
            "valid": valid,
            **({"lot": [c.name for c in winners if c in tied]} if "lot_drawn_by" in changes else {}),
        },
    )
    term = election.target_term
    for candidate in winners:
        membership = add_member(
            actor=actor,
            term=term,
            name=candidate.name,
            role=MemberRole.MEMBER,
            nominated_by=NominatedBy.ELECTION,
            start=min(max(term.start, timezone.localdate()), term.end),
        )
        Candidate.objects.filter(pk=candidate.pk).update(elected=True, membership=membership)
    if tied and settings.ELECTION_TIE_RESOLUTION == TieResolution.SECOND_ROUND:
        second_round = _second_round(actor, election, tied, left)
    return second_round


def _second_round(actor, election, tied, seats):
    now = timezone.now()
    days = election.voting_until - election.voting_from
    second = create_election(
        actor=actor,
        body=election.body,
        target_term=election.target_term,
        title=_("%(title)s — second round") % {"title": election.title},
        seats=seats,
        candidacies_until=now + datetime.timedelta(minutes=1),
        voting_from=now + datetime.timedelta(days=7),
        voting_until=now + datetime.timedelta(days=7) + days,
    )
    second.previous_round = election
    second.save(update_fields=["previous_round"])
    for candidate in tied:
        Candidate.objects.create(
            election=second, name=candidate.name, organisation=candidate.organisation, consent=True
        )
    log_action(actor=actor, action="election.second_round", obj=election, data={"election": second.pk})
    return second


@transaction.atomic
def cancel_election(*, actor, election, reason):
    require_permission(actor, "bodies.manage_elections")
    election = _locked(election)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for cancelling the election.")})
    transition_election(election, ElectionState.CANCELLED, actor=actor, reason=reason)
    return election
