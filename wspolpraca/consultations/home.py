"""What consultations put on the person's home page (/moje/)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.home import HomeItem, HomeSection
from wspolpraca.consultations.enums import STATUTORY_OPINION_KINDS, ConsultationState
from wspolpraca.consultations.opinions import opinion_requests_to_answer
from wspolpraca.consultations.rules import is_consultation_officer
from wspolpraca.consultations.selectors import consultations_to_close_or_answer, draft_comments_of, open_consultations

LIMIT = 8


def _section(queryset, *, key, title, item, role, more_url=None):
    rows = list(queryset[: LIMIT + 1])
    if not rows:
        return []
    total = len(rows) if len(rows) <= LIMIT else queryset.count()
    items = [item(row) for row in rows[:LIMIT]]
    return [HomeSection(key=key, title=title, items=items, total=total, more_url=more_url, role=role)]


def _officer_item(consultation):
    if consultation.state == ConsultationState.OPEN:
        detail = _("The period has ended: it closes with the next scheduled run")
    else:
        detail = _("Closed: the comments await answers")
    return HomeItem(
        label=consultation.title,
        url=reverse("consultations_panel:detail", kwargs={"pk": consultation.pk}),
        deadline=consultation.ends_at.date(),
        detail=detail,
    )


def _draft_item(comment):
    return HomeItem(
        label=_("%(consultation)s: %(unit)s")
        % {
            "consultation": comment.consultation.title,
            "unit": comment.unit.label if comment.unit else _("the whole draft"),
        },
        url=reverse("consultations:comment_edit", kwargs={"pk": comment.consultation_id, "comment_pk": comment.pk}),
        deadline=comment.consultation.ends_at.date(),
        detail=_("A draft comment: send it before the consultation closes"),
    )


def _opinion_item(request):
    return HomeItem(
        label=_("%(body)s: %(subject)s") % {"body": request.body.name, "subject": request.subject},
        url=reverse("consultations:opinion_record", kwargs={"pk": request.pk}),
        deadline=request.deadline,
        detail=_("Record the body's opinion; without it the right to give one is not used"),
        statutory=request.act_kind in STATUTORY_OPINION_KINDS,
    )


def home_sections(user):
    if not user.is_authenticated:
        return []
    sections = []
    if is_consultation_officer(user):
        sections += _section(
            consultations_to_close_or_answer(),
            key="consultations_to_answer",
            title=_("Consultations to close or answer"),
            item=_officer_item,
            role=_("As an officer"),
            more_url=reverse("consultations_panel:list"),
        )
    sections += _section(
        opinion_requests_to_answer(user),
        key="opinion_requests_to_answer",
        title=_("Opinions your body is asked for"),
        item=_opinion_item,
        role=_("As the secretary of a body"),
    )
    sections += _section(
        draft_comments_of(user),
        key="consultation_draft_comments",
        title=_("Your draft comments"),
        item=_draft_item,
        role=_("As a participant in consultations"),
    )
    return sections


PUBLIC_LIMIT = 5


def public_sections():
    """The public home page: consultations open for comments, the earliest end first (one query)."""
    items = [
        HomeItem(
            label=consultation.title,
            url=consultation.get_absolute_url(),
            deadline=consultation.ends_at,
            detail=consultation.get_act_kind_display(),
        )
        for consultation in open_consultations()[:PUBLIC_LIMIT]
    ]
    return [
        HomeSection(
            "open_consultations",
            _("Consultations open for comments"),
            items,
            more_url=f"{reverse('consultations:list')}?tab=open",
            empty=_("No consultation is open for comments right now."),
        )
    ]
