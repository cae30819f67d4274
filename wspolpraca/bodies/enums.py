"""Choices and states of the councils and teams (art. 41e–41g of the Act, art. 5 ust. 2 pkt 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BodyKind(models.TextChoices):
    PUBLIC_BENEFIT_COUNCIL = "public_benefit_council", _("public benefit council")
    CIVIC_DIALOGUE_COMMISSION = "civic_dialogue_commission", _("civic dialogue commission")
    ADVISORY_TEAM = "advisory_team", _("advisory and initiative team")
    OTHER_COUNCIL = "other_council", _("other council")


class MemberRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("body role", "chair")
    DEPUTY_CHAIR = "deputy_chair", pgettext_lazy("body role", "deputy chair")
    SECRETARY = "secretary", pgettext_lazy("body role", "secretary")
    MEMBER = "member", pgettext_lazy("body role", "member")


class NominatedBy(models.TextChoices):
    """Who put the member on the body; an organisation and an election fill NGO seats."""

    ORGANISATION = "organisation", _("an organisation")
    ELECTION = "election", _("an election among organisations")
    CITY_COUNCIL = "city_council", _("the city council")
    EXECUTIVE = "executive", _("the executive (mayor)")


class Side(models.TextChoices):
    """The nominating sides whose seats the statute counts."""

    NGO = "ngo", _("organisations")
    CITY_COUNCIL = "city_council", _("city council")
    EXECUTIVE = "executive", _("executive")


# Which side's seat a member takes, by who nominated them.
SIDE_OF = {
    NominatedBy.ORGANISATION: Side.NGO,
    NominatedBy.ELECTION: Side.NGO,
    NominatedBy.CITY_COUNCIL: Side.CITY_COUNCIL,
    NominatedBy.EXECUTIVE: Side.EXECUTIVE,
}


class MembershipState(models.TextChoices):
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended early")


# A membership runs to the end of its term unless it is ended early (services.transition_membership).
MEMBERSHIP_TRANSITIONS = {
    MembershipState.ACTIVE: {MembershipState.ENDED},
    MembershipState.ENDED: set(),
}

# A term within this many days of its end is flagged on the officer's pages.
TERM_ENDING_DAYS = 60


class ElectionState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("election state", "draft")
    CANDIDACIES = "candidacies", pgettext_lazy("election state", "candidacies open")
    VOTING = "voting", pgettext_lazy("election state", "voting")
    COUNTED = "counted", pgettext_lazy("election state", "results published")
    CANCELLED = "cancelled", pgettext_lazy("election state", "cancelled")


# An election's one path (elections.transition_election): candidacies, voting, the count; or cancelled.
ELECTION_TRANSITIONS = {
    ElectionState.DRAFT: {ElectionState.CANDIDACIES, ElectionState.CANCELLED},
    ElectionState.CANDIDACIES: {ElectionState.VOTING, ElectionState.CANCELLED},
    ElectionState.VOTING: {ElectionState.COUNTED, ElectionState.CANCELLED},
    ElectionState.COUNTED: set(),
    ElectionState.CANCELLED: set(),
}


class TieResolution(models.TextChoices):
    """How a tie for the last seat is broken (settings.ELECTION_TIE_RESOLUTION, as the statute says)."""

    LOT = "lot", _("a lot drawn by the officer")
    SECOND_ROUND = "second_round", _("a second round among the tied candidates")


# --- meetings, resolutions and minutes ----------------------------------------------------------


class MeetingState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting", "planned")
    HELD = "held", pgettext_lazy("meeting", "held")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "cancelled")


MEETING_TRANSITIONS = {
    MeetingState.PLANNED: {MeetingState.HELD, MeetingState.CANCELLED},
    MeetingState.HELD: set(),
    MeetingState.CANCELLED: set(),
}


class Presence(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "present")
    EXCUSED = "excused", pgettext_lazy("attendance", "excused")
    ABSENT = "absent", pgettext_lazy("attendance", "absent")


class ResolutionKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    OPINION = "opinion", _("opinion")


class OpinionOutcome(models.TextChoices):
    POSITIVE = "positive", pgettext_lazy("opinion", "positive")
    POSITIVE_WITH_REMARKS = "positive_with_remarks", pgettext_lazy("opinion", "positive with remarks")
    NEGATIVE = "negative", pgettext_lazy("opinion", "negative")


class ResolutionState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("resolution", "draft")
    ADOPTED = "adopted", pgettext_lazy("resolution", "adopted")
    REJECTED = "rejected", pgettext_lazy("resolution", "not adopted")
    WITHDRAWN = "withdrawn", pgettext_lazy("resolution", "withdrawn")


# A draft is put to the vote once (adopted or not) or withdrawn; its number stays taken either way.
RESOLUTION_TRANSITIONS = {
    ResolutionState.DRAFT: {ResolutionState.ADOPTED, ResolutionState.REJECTED, ResolutionState.WITHDRAWN},
    ResolutionState.ADOPTED: set(),
    ResolutionState.REJECTED: set(),
    ResolutionState.WITHDRAWN: set(),
}


class VoteChoice(models.TextChoices):
    FOR = "for", pgettext_lazy("vote", "for")
    AGAINST = "against", pgettext_lazy("vote", "against")
    ABSTAIN = "abstain", pgettext_lazy("vote", "abstained")
    ABSENT = "absent", pgettext_lazy("vote", "absent")


class MinutesState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("minutes", "draft")
    SENT = "sent", pgettext_lazy("minutes", "sent to members")
    APPROVED = "approved", pgettext_lazy("minutes", "approved")
    PUBLISHED = "published", pgettext_lazy("minutes", "published")


# Minutes are published only once approved at a later meeting; corrections are possible until then.
MINUTES_TRANSITIONS = {
    MinutesState.DRAFT: {MinutesState.SENT},
    MinutesState.SENT: {MinutesState.APPROVED},
    MinutesState.APPROVED: {MinutesState.PUBLISHED},
    MinutesState.PUBLISHED: set(),
}
MINUTES_EDITABLE = {MinutesState.DRAFT, MinutesState.SENT}
