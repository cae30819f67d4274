"""The officer's day: everything waiting in the competitions an officer manages, with deadlines.

`work_list(user)` returns the sections shown on the panel home (`/panel/`). Each section is one
kind of work (offers to check, corrections due, commissions scoring, decisions to publish,
updates, agreements, tranches, reports, returns); it holds at most `LIMIT` rows sorted by their
deadline (earliest first) and the total count. The number of queries does not depend on how
much is waiting: one query per section (the three sections of calls waiting for a decision, a
cancellation or a publication share one), each carrying its total as a window count
(COUNT(*) OVER ()), so no section needs a second query for "the first 8 of N".

Who sees what: officers the calls of their units (the centre and administrators all calls); the
executive sees the decisions waiting for them in every call.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.money import format_money
from wspolpraca.competitions.enums import (
    AgreementState,
    CallMode,
    CallState,
    FormalStatus,
    OfferState,
    OfferUpdateState,
    ReportState,
    SheetState,
)
from wspolpraca.competitions.models import (
    Agreement,
    AgreementTranche,
    Call,
    CommissionMember,
    FormalCheck,
    Grant,
    Offer,
    OfferUpdate,
    ReasonsRequest,
    Report,
    ScoreSheet,
    Settlement,
)

LIMIT = 8


@dataclass
class Row:
    label: str
    url: str
    deadline: datetime.date | None = None
    detail: str = ""
    # False when the date is when the item arrived (no deadline applies): never "overdue".
    is_deadline: bool = True

    @property
    def overdue(self):
        return self.is_deadline and self.deadline is not None and self.deadline < timezone.localdate()


@dataclass
class Section:
    key: str
    title: str
    hint: str
    rows: list = field(default_factory=list)
    count: int = 0
    more_url: str = ""

    @property
    def overdue_count(self):
        return sum(1 for row in self.rows if row.overdue)


def _date(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def _section(key, title, hint, queryset, make_row=None, more_url=""):
    """The first LIMIT rows of `queryset` and their total, in one query."""
    items = list(queryset.annotate(worklist_total=Window(Count("pk")))[:LIMIT])
    return _build(key, title, hint, items, items[0].worklist_total if items else 0, make_row, more_url)


def _build(key, title, hint, items, count, make_row, more_url=""):
    rows = sorted((make_row(item) for item in items), key=lambda r: (r.deadline is None, r.deadline or 0))
    return Section(key=key, title=title, hint=hint, rows=rows, count=count, more_url=more_url)


def _count(queryset, by):
    """A correlated subquery: the number of rows of `queryset` (filtered by OuterRef on `by`)."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _waiting_calls(calls):
    """The calls of three sections in one query, each call with `worklist_section`, its section's
    total and at most LIMIT calls per section (a window per section; the states do not overlap):
    - "decisions": evaluated, waiting for the executive (by selection date);
    - "cancel": closed with no offer filed or none eligible, art. 18a (by the deadline for offers);
    - "publication": resolved, not yet recorded in the BIP or on the notice board (by publication)."""
    submitted = Offer.objects.filter(call=OuterRef("pk"), state=OfferState.SUBMITTED)
    eligible = submitted.exclude(formal_check__status=FormalStatus.REJECTED)
    section = Case(
        When(state=CallState.EVALUATED, then=Value("decisions")),
        When(Q(state=CallState.CLOSED) & (~Exists(submitted) | ~Exists(eligible)), then=Value("cancel")),
        When(
            Q(state=CallState.RESOLVED)
            & (Q(results_bip_published_on__isnull=True) | Q(results_notice_board_published_on__isnull=True)),
            then=Value("publication"),
        ),
        output_field=CharField(),
    )
    # One ordering key per section; within a section the other key is empty.
    by_date = Case(When(state=CallState.EVALUATED, then=F("selection_date")), output_field=DateField())
    by_time = Case(
        When(state=CallState.CLOSED, then=F("offer_deadline")),
        When(state=CallState.RESOLVED, then=F("results_published_at")),
        output_field=DateTimeField(),
    )
    calls = (
        calls.filter(state__in=(CallState.EVALUATED, CallState.CLOSED, CallState.RESOLVED))
        .annotate(worklist_section=section)
        .filter(worklist_section__isnull=False)
        .annotate(
            place=Window(RowNumber(), partition_by=F("worklist_section"), order_by=[by_date, by_time, F("pk")]),
            worklist_total=Window(Count("pk"), partition_by=F("worklist_section")),
        )
        .filter(place__lte=LIMIT)
        .order_by("worklist_section", "place")
    )
    by_section = {"decisions": [], "cancel": [], "publication": []}
    for call in calls:
        by_section[call.worklist_section].append(call)
    return by_section


def _url(name, *args):
    return reverse(name, args=args)


def managed_calls(user):
    return Call.objects.managed_by(user).filter(mode=CallMode.OPEN_COMPETITION)


def officer_sections(user):
    """The sections of an officer (or administrator): work in the calls they manage."""
    calls = managed_calls(user)
    call_ids = calls.values("pk")
    today = timezone.localdate()
    sections = []

    # Offers submitted to calls past their deadline and not yet checked formally.
    to_check = (
        Offer.objects.filter(call__in=call_ids, state=OfferState.SUBMITTED, call__state=CallState.CLOSED)
        .filter(formal_check__isnull=True)
        .select_related("call", "organisation")
        .order_by("call__selection_date", "submitted_at")
    )
    sections.append(
        _section(
            "formal_check",
            _("Offers to check formally"),
            _("Submitted offers in closed calls without a formal check; due before the selection date."),
            to_check,
            more_url=_url("competitions_panel:list"),
            make_row=lambda o: Row(
                label=f"{o.organisation.name}: {o.title or o.number}",
                url=_url("offers_panel:formal_check", o.call_id, o.pk),
                deadline=o.call.selection_date,
                detail=o.call.title,
            ),
        )
    )

    # Calls to correct: waiting for the NGO (deadline) or corrected and waiting for a new check.
    corrections = (
        FormalCheck.objects.filter(offer__call__in=call_ids, status=FormalStatus.CORRECTION)
        .select_related("offer", "offer__organisation", "offer__call")
        .order_by("correction_deadline")
    )
    sections.append(
        _section(
            "corrections",
            _("Corrections"),
            _("Offers called to correct: the NGO's deadline, or corrected and waiting for a new check."),
            corrections,
            lambda c: Row(
                label=f"{c.offer.organisation.name}: {c.offer.title or c.offer.number}",
                url=_url("offers_panel:formal_check", c.offer.call_id, c.offer_id),
                deadline=_date(c.offer.call.selection_date if c.corrected_at else c.correction_deadline),
                detail=str(_("corrected, to check again")) if c.corrected_at else str(_("waiting for the NGO")),
            ),
        )
    )

    # Commissions scoring: closed calls with a commission, with the sheets submitted so far.
    scoring = (
        calls.filter(state=CallState.CLOSED)
        .filter(Exists(CommissionMember.objects.filter(call=OuterRef("pk"))))
        .annotate(
            members=_count(CommissionMember.objects.filter(call=OuterRef("pk")), "call"),
            sheets=_count(
                ScoreSheet.objects.filter(offer__call=OuterRef("pk"), state=SheetState.SUBMITTED), "offer__call"
            ),
            passed=_count(
                Offer.objects.filter(
                    call=OuterRef("pk"), state=OfferState.SUBMITTED, formal_check__status=FormalStatus.PASSED
                ),
                "call",
            ),
        )
        .order_by("selection_date", "pk")
    )

    def scoring_row(call):
        return Row(
            label=call.title,
            url=_url("commission_panel:overview", call.pk),
            deadline=call.selection_date,
            detail=str(_("%(submitted)s of about %(expected)s score sheets submitted"))
            % {"submitted": call.sheets, "expected": call.members * call.passed},
        )

    sections.append(
        _section(
            "scoring",
            _("Commissions scoring"),
            _("Calls whose commission is scoring the offers."),
            scoring,
            scoring_row,
        )
    )

    # Evaluated calls waiting for the executive's decision, closed calls that must be cancelled,
    # resolved calls whose results are still to be recorded in the BIP and on the notice board.
    waiting = _waiting_calls(calls)

    def total(key):
        return waiting[key][0].worklist_total if waiting[key] else 0

    sections.append(
        _build(
            "decisions",
            _("Decisions to publish"),
            _("The commission has closed its evaluation; the executive decides and the results are published."),
            waiting["decisions"],
            total("decisions"),
            lambda call: Row(
                label=call.title, url=_url("results_panel:decision", call.pk), deadline=call.selection_date
            ),
        )
    )
    sections.append(
        _build(
            "cancel",
            _("Calls to cancel (art. 18a)"),
            _("No offer was filed, or none met the requirements: the only end is cancellation, with a notice."),
            waiting["cancel"],
            total("cancel"),
            lambda call: Row(
                label=call.title,
                url=_url("competitions_panel:cancel", call.pk),
                deadline=_date(call.offer_deadline),
                detail=str(_("deadline for offers passed")),
                is_deadline=False,
            ),
        )
    )
    sections.append(
        _build(
            "publication",
            _("Results to publish in the BIP and on the notice board"),
            _("Results are on the website; record their publication in the other two channels."),
            waiting["publication"],
            total("publication"),
            lambda call: Row(
                label=call.title,
                url=_url("results_panel:publication", call.pk),
                deadline=_date(call.results_published_at),
                detail=str(_("results published")),
                is_deadline=False,
            ),
        )
    )
    requests = (
        ReasonsRequest.objects.filter(call__in=call_ids, replied_at__isnull=True)
        .select_related("call")
        .order_by("created_at")
    )
    sections.append(
        _section(
            "reasons",
            _("Requests for reasons to answer"),
            _("Anyone may ask why an offer was selected or rejected (art. 15 ust. 2j)."),
            requests,
            lambda r: Row(
                label=f"{r.name}: {r.call.title}",
                url=_url("results_panel:reasons_reply", r.call_id, r.pk),
                deadline=_date(r.created_at),
                detail=str(_("received")),
                is_deadline=False,
            ),
        )
    )

    # After the award.
    updates = (
        OfferUpdate.objects.filter(offer__call__in=call_ids, state=OfferUpdateState.SUBMITTED)
        .select_related("offer", "offer__organisation")
        .order_by("submitted_at")
    )
    sections.append(
        _section(
            "updates",
            _("Offer updates to accept"),
            _("Offers updated to an award lower than requested."),
            updates,
            more_url=_url("agreements_panel:updates"),
            make_row=lambda u: Row(
                label=f"{u.offer.organisation.name}: {u.offer.title}",
                url=_url("agreements_panel:update", u.pk),
                deadline=_date(u.submitted_at),
                detail=str(_("submitted")),
                is_deadline=False,
            ),
        )
    )
    needs_update = OfferUpdate.objects.filter(offer=OuterRef("offer")).exclude(state=OfferUpdateState.ACCEPTED)
    to_draft = (
        Grant.objects.filter(call__in=call_ids, withdrawn_at__isnull=True, offer__agreement__isnull=True)
        .exclude(Exists(needs_update))
        .select_related("organisation", "call")
        .order_by("awarded_on")
    )
    sections.append(
        _section(
            "agreements_to_draft",
            _("Agreements to draft"),
            _("Grants awarded without an agreement yet (after any update was accepted)."),
            to_draft,
            lambda g: Row(
                label=f"{g.organisation.name}: {g.title or g.task_title}",
                url=_url("agreements_panel:draft", g.offer_id),
                deadline=g.call.performance_start,
                detail=str(_("task starts")),
            ),
        )
    )
    unsigned = (
        Agreement.objects.filter(
            offer__call__in=call_ids, state__in=(AgreementState.DRAFT, AgreementState.SENT, AgreementState.SIGNED)
        )
        .select_related("offer__organisation")
        .order_by("start_date")
    )
    sections.append(
        _section(
            "agreements",
            _("Agreements to sign"),
            _("Drafts to send, agreements waiting for signatures or for entry into force; by the task's start."),
            unsigned,
            more_url=_url("agreements_panel:list"),
            make_row=lambda a: Row(
                label=f"{a.number or a.offer.organisation.name}: {a.get_state_display()}",
                url=_url("agreements_panel:detail", a.pk),
                deadline=a.start_date,
            ),
        )
    )
    tranches = (
        AgreementTranche.objects.filter(
            agreement__offer__call__in=call_ids,
            agreement__state=AgreementState.IN_FORCE,
            transferred_on__isnull=True,
        )
        .select_related("agreement")
        .order_by("due_date")
    )
    sections.append(
        _section(
            "tranches",
            _("Tranches to transfer"),
            _("Instalments of grants under agreements in force."),
            tranches,
            lambda t: Row(
                label=f"{t.agreement.number}: {format_money(t.amount, localised=True, space=' ')}",
                url=_url("agreements_panel:detail", t.agreement_id),
                deadline=t.due_date,
                detail=str(_("tranche %(number)s")) % {"number": t.number},
            ),
        )
    )
    soon = today + datetime.timedelta(days=_reminder_days())
    reports = (
        Report.objects.filter(agreement__offer__call__in=call_ids)
        .filter(
            Q(state=ReportState.SUBMITTED) | Q(state__in=(ReportState.DUE, ReportState.RETURNED), due_date__lte=soon)
        )
        .select_related("agreement", "agreement__offer__organisation")
        .order_by("due_date")
    )
    sections.append(
        _section(
            "reports",
            _("Reports due, overdue and to review"),
            _("Reports due within the reminder period or overdue, and submitted reports to accept or return."),
            reports,
            more_url=_url("reports_panel:list"),
            make_row=lambda r: Row(
                label=f"{r.agreement.offer.organisation.name}: {r.get_kind_display()}",
                url=_url("reports_panel:detail", r.pk),
                deadline=_date(r.submitted_at) if r.state == ReportState.SUBMITTED else r.due_date,
                detail=r.get_state_display(),
                is_deadline=r.state != ReportState.SUBMITTED,
            ),
        )
    )
    returns = (
        Settlement.objects.filter(agreement__offer__call__in=call_ids, settled_at__isnull=True)
        .select_related("agreement", "agreement__offer__organisation")
        .order_by("return_deadline")
    )
    sections.append(
        _section(
            "returns",
            _("Returns of funds pending"),
            _("Settlements not closed: unused funds to be returned by the deadline."),
            returns,
            more_url=_url("settlements_panel:list"),
            make_row=lambda s: Row(
                label=f"{s.agreement.offer.organisation.name}: {format_money(s.unused, localised=True, space=' ')}",
                url=_url("settlements_panel:detail", s.agreement_id),
                deadline=s.return_deadline,
                detail=str(_("to be returned")),
            ),
        )
    )
    return sections


def executive_sections(user):
    """The executive decides on every evaluated call."""
    waiting = Call.objects.filter(mode=CallMode.OPEN_COMPETITION, state=CallState.EVALUATED).order_by(
        "selection_date", "pk"
    )
    return [
        _section(
            "decisions",
            _("Decisions to take"),
            _("The commission has closed its evaluation; select the offers and publish the results."),
            waiting,
            lambda call: Row(
                label=call.title, url=_url("results_panel:decision", call.pk), deadline=call.selection_date
            ),
        )
    ]


def _reminder_days():
    from wspolpraca.competitions.models import CompetitionSettings

    return CompetitionSettings.load().report_reminder_days


def work_list(user):
    """The non-empty sections for the user, in the order of the competition's life."""
    if not (user.is_authenticated and user.is_active):
        return []
    sections = []
    if user.is_superuser or user.is_officer:
        sections = officer_sections(user)
    elif user.is_executive:
        sections = executive_sections(user)
    return [section for section in sections if section.count]
