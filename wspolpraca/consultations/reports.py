"""What a consultation report contains, read for its HTML page and its PDF.

`report_context(report)` builds it: the facts, the counts (participants, comments by channel,
hidden ones), each comment with its answer, the organisations that took part, the comparison of
the draft and the final text, and the extra sections other code adds. A later piece (the
council's opinion in "Raport 2") registers a section provider:

    register_report_section(provider)   # provider(report) -> ReportSection | None

A section is a title, a template and its context; the HTML page and the PDF include it after
the comments (the template is given `section` and `report`; a PDF variant may be given as
`pdf_template`)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from wspolpraca.consultations import comparison
from wspolpraca.consultations.enums import CommentChannel, CommentState
from wspolpraca.consultations.models import Comment, Meeting


@dataclass
class ReportSection:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    pdf_template: str = ""
    key: str = ""


REPORT_SECTIONS = []


def register_report_section(provider):
    """Add a provider of an extra section of the reports (called with the report)."""
    if provider not in REPORT_SECTIONS:
        REPORT_SECTIONS.append(provider)


def channel_of(comment):
    """The way the comment came in (online, by post or in person, by e-mail, at a meeting)."""
    return comment.channel or CommentChannel.ONLINE


def channel_label(comment):
    return str(comment.get_channel_display())


def received_on_of(comment):
    """The date the office received the comment: the date of receipt entered with a letter or
    an e-mail (whenever it was entered), else the Polish date it was sent online."""
    if comment.received_on is not None:
        return comment.received_on
    return timezone.localdate(comment.sent_at) if comment.sent_at else None


def counts_by_channel(comments):
    """[(label, number)] of the comments by the way they came in, the most first."""
    labels = {}
    counter = Counter()
    for comment in comments:
        key = channel_of(comment)
        counter[key] += 1
        labels.setdefault(key, channel_label(comment))
    return [(labels[key], number) for key, number in counter.most_common()]


def report_comments(consultation):
    """Every sent comment with what the report needs, in the order received."""
    return list(
        Comment.objects.filter(consultation=consultation, state=CommentState.SENT)
        .select_related("unit", "version", "organisation", "author", "answer")
        .order_by("sent_at", "pk")
    )


def _versions_to_compare(consultation):
    versions = list(consultation.versions.order_by("number"))
    final = next((v for v in reversed(versions) if v.is_final), None)
    drafts = [v for v in versions if not v.is_final]
    return (drafts[-1] if drafts else None), final


def text_comparison(consultation):
    """The comparison of the last draft and the final text, unit by unit; None without a final text."""
    draft, final = _versions_to_compare(consultation)
    if draft is None or final is None:
        return None
    units = {
        version.pk: [(unit.label, unit.text) for unit in version.units.order_by("position")]
        for version in (draft, final)
    }
    return comparison.compare_units(units[draft.pk], units[final.pk])


def organisation_names(comments):
    """The organisations that took part, by name: those from the registry and those named in a
    letter or an e-mail entered by the office (a hidden comment names none)."""
    names = {}
    for comment in comments:
        name = comment.organisation.name if comment.organisation_id else comment.organisation_name.strip()
        if name:
            names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


def meetings_held(consultation):
    """The open meetings with the number of people present (one query)."""
    return list(
        Meeting.objects.filter(consultation=consultation)
        .annotate(present_total=Count("registrations", filter=Q(registrations__present=True)))
        .order_by("starts_at", "pk")
    )


def report_context(report):
    consultation = report.consultation
    comments = report_comments(consultation)
    visible = [comment for comment in comments if not comment.hidden_at]
    organisations = organisation_names(visible)
    joint = Counter(comment.answer_id for comment in visible if comment.answer_id)
    sections = [section for provider in REPORT_SECTIONS if (section := provider(report)) is not None]
    return {
        "report": report,
        "consultation": consultation,
        "comments": comments,
        "joint_answers": {answer for answer, number in joint.items() if number > 1},
        "comments_total": len(comments),
        "hidden_total": len(comments) - len(visible),
        "by_channel": counts_by_channel(comments),
        # People with an account count once; each letter or e-mail entered by the office counts as its sender.
        "participants_total": len(
            {("account", comment.author_id) if comment.author_id else ("sender", comment.pk) for comment in comments}
        ),
        "organisations": organisations,
        "meetings": meetings_held(consultation),
        "comparison": text_comparison(consultation),
        "sections": sections,
        "other_reports": list(consultation.reports.exclude(pk=report.pk).order_by("number")),
    }
