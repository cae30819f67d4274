"""What the councils put on the person's home page (/moje/): the member's bodies, the officer's warnings."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wspolpraca.bodies.selectors import elections_to_vote, memberships_of, needing_attention
from wspolpraca.common.home import HomeItem, HomeSection

LIMIT = 8


def home_sections(user):
    if not user.is_authenticated:
        return []
    sections = []
    seats = list(memberships_of(user)[: LIMIT + 1])
    if seats:
        total = len(seats) if len(seats) <= LIMIT else memberships_of(user).count()
        items = [
            HomeItem(
                label=seat.term.body.name,
                url=reverse("bodies:detail", kwargs={"slug": seat.term.body.slug}),
                deadline=seat.term.end,
                detail=_("%(role)s, term %(number)d") % {"role": seat.get_role_display(), "number": seat.term.number},
            )
            for seat in seats[:LIMIT]
        ]
        sections.append(
            HomeSection(
                key="bodies_member",
                title=_("Your councils and teams"),
                items=items,
                total=total,
                role=_("As a member of the body"),
            )
        )
    sections += _ballots_section(user)
    if user.has_perm("bodies.manage_bodies"):
        attention = needing_attention()
        items = [
            HomeItem(
                label=status.body.name,
                url=reverse("bodies_panel:detail", kwargs={"pk": status.body.pk}),
                deadline=status.term.end if status.term else None,
                detail=" ".join(warning.text for warning in status.warnings),
            )
            for status in attention[:LIMIT]
        ]
        sections.append(
            HomeSection(
                key="bodies_attention",
                title=_("Councils and teams needing attention"),
                items=items,
                total=len(attention),
                more_url=reverse("bodies_panel:list"),
                role=_("As an officer"),
            )
        )
    return sections


def _ballots_section(user):
    """The elections a representative's organisation may vote in now (not yet voted)."""
    ballots = elections_to_vote(user)
    if not ballots:
        return []
    items = [
        HomeItem(
            label=election.title,
            url=reverse("bodies:vote", kwargs={"slug": election.body.slug, "pk": election.pk}),
            deadline=election.voting_until,
            detail=_("On behalf of %(organisation)s, in %(body)s")
            % {"organisation": organisation.name, "body": election.body.name},
        )
        for election, organisation in ballots[:LIMIT]
    ]
    return [
        HomeSection(
            key="bodies_vote",
            title=_("Elections your organisation may vote in"),
            items=items,
            total=len(ballots),
            role=_("As a representative of an organisation"),
        )
    ]
