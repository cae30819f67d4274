"""The evaluation's part of the work list: commissions scoring, decisions, calls to cancel (art. 18a),
results, reasons."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from wspolpraca.competitions.enums import CallMode, CallState, FormalStatus, OfferState, SheetState
from wspolpraca.competitions.kernel.worklist import EXECUTIVE, Entry, count_of, url
from wspolpraca.competitions.models import Call, CommissionMember, Offer, ReasonsRequest, ScoreSheet


def _scoring(scope):
    """Closed calls with a commission, with the sheets submitted so far."""
    members = CommissionMember.objects.filter(call=OuterRef("pk"))
    sheets = ScoreSheet.objects.filter(offer__call=OuterRef("pk"), state=SheetState.SUBMITTED)
    passed = Offer.objects.filter(
        call=OuterRef("pk"), state=OfferState.SUBMITTED, formal_check__status=FormalStatus.PASSED
    )
    return (
        scope.calls.filter(state=CallState.CLOSED)
        .filter(Exists(members))
        .annotate(
            members=count_of(members, "call"),
            sheets=count_of(sheets, "offer__call"),
            passed=count_of(passed, "call"),
        )
        .order_by("selection_date", "pk")
    )


def _scoring_detail(call):
    return str(_("%(submitted)s of about %(expected)s score sheets submitted")) % {
        "submitted": call.sheets,
        "expected": call.members * call.passed,
    }


def _results_unrecorded():
    """Resolved, not yet recorded in the BIP or on the notice board."""
    return Q(results_bip_published_on__isnull=True) | Q(results_notice_board_published_on__isnull=True)


def _requests(scope):
    return (
        ReasonsRequest.objects.filter(call__in=scope.call_ids, replied_at__isnull=True)
        .select_related("call")
        .order_by("created_at")
    )


def _evaluated(scope):
    """Every evaluated call: the executive decides on all of them."""
    return Call.objects.filter(mode=CallMode.OPEN_COMPETITION, state=CallState.EVALUATED).order_by(
        "selection_date", "pk"
    )


def _decision_link(call):
    return url("results_panel:decision", call.pk)


def _nothing_to_select():
    """Closed with no offer filed, or none eligible."""
    submitted = Offer.objects.filter(call=OuterRef("pk"), state=OfferState.SUBMITTED)
    eligible = submitted.exclude(formal_check__status=FormalStatus.REJECTED)
    return ~Exists(submitted) | ~Exists(eligible)


SECTIONS = (
    Entry(
        key="scoring",
        title=_("Commissions scoring"),
        hint=_("Calls whose commission is scoring the offers."),
        query=_scoring,
        fields=("pk", "title", "selection_date"),
        label=lambda call: call.title,
        link=lambda call: url("commission_panel:overview", call.pk),
        deadline=lambda call: call.selection_date,
        detail=_scoring_detail,
    ),
    Entry(
        key="decisions",
        title=_("Decisions to publish"),
        hint=_("The commission has closed its evaluation; the executive decides and the results are published."),
        state=CallState.EVALUATED,
        order="selection_date",
        label=lambda call: call.title,
        link=_decision_link,
        deadline=lambda call: call.selection_date,
    ),
    Entry(
        key="publication",
        title=_("Results to publish in the BIP and on the notice board"),
        hint=_("Results are on the website; record their publication in the other two channels."),
        state=CallState.RESOLVED,
        when=_results_unrecorded,
        order="results_published_at",
        label=lambda call: call.title,
        link=lambda call: url("results_panel:publication", call.pk),
        deadline=lambda call: call.results_published_at,
        detail=_("results published"),
        is_deadline=False,
    ),
    Entry(
        key="reasons",
        title=_("Requests for reasons to answer"),
        hint=_("Anyone may ask why an offer was selected or rejected (art. 15 ust. 2j)."),
        query=_requests,
        fields=("pk", "name", "created_at", "call", "call__title"),
        label=lambda r: f"{r.name}: {r.call.title}",
        link=lambda r: url("results_panel:reasons_reply", r.call_id, r.pk),
        deadline=lambda r: r.created_at,
        detail=_("received"),
        is_deadline=False,
    ),
    Entry(
        key="decisions",
        title=_("Decisions to take"),
        hint=_("The commission has closed its evaluation; select the offers and publish the results."),
        query=_evaluated,
        fields=("pk", "title", "selection_date"),
        audience=EXECUTIVE,
        label=lambda call: call.title,
        link=_decision_link,
        deadline=lambda call: call.selection_date,
    ),
    Entry(
        key="cancel",
        title=_("Calls to cancel (art. 18a)"),
        hint=_("No offer was filed, or none met the requirements: the only end is cancellation, with a notice."),
        state=CallState.CLOSED,
        when=_nothing_to_select,
        order="offer_deadline",
        label=lambda call: call.title,
        link=lambda call: url("competitions_panel:cancel", call.pk),
        deadline=lambda call: call.offer_deadline,
        detail=_("deadline for offers passed"),
        is_deadline=False,
    ),
)
