"""The agreements' part of the officer's work list: updates, agreements to draft and sign, tranches."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.money import format_money
from wspolpraca.competitions.enums import AgreementState, OfferUpdateState
from wspolpraca.competitions.kernel.worklist import Entry, url
from wspolpraca.competitions.models import Agreement, AgreementTranche, Grant, OfferUpdate


def _updates(scope):
    return (
        OfferUpdate.objects.filter(offer__call__in=scope.call_ids, state=OfferUpdateState.SUBMITTED)
        .select_related("offer", "offer__organisation")
        .order_by("submitted_at")
    )


def _to_draft(scope):
    """Grants without an agreement, once any update of the offer was accepted."""
    needs_update = OfferUpdate.objects.filter(offer=OuterRef("offer")).exclude(state=OfferUpdateState.ACCEPTED)
    # NOT EXISTS, not an outer join through the offer: PostgreSQL then starts from the calls'
    # grants instead of every offer (≈11 → 3 ms on the plock data; issue 17).
    has_agreement = Agreement.objects.filter(offer_id=OuterRef("offer_id"))
    return (
        Grant.objects.filter(call__in=scope.call_ids, withdrawn_at__isnull=True)
        .exclude(Exists(has_agreement))
        .exclude(Exists(needs_update))
        .select_related("organisation", "call")
        .order_by("awarded_on")
    )


def _unsigned(scope):
    states = (AgreementState.DRAFT, AgreementState.SENT, AgreementState.SIGNED)
    return (
        Agreement.objects.filter(offer__call__in=scope.call_ids, state__in=states)
        .select_related("offer__organisation")
        .order_by("start_date")
    )


def _tranches(scope):
    return (
        AgreementTranche.objects.filter(
            agreement__offer__call__in=scope.call_ids,
            agreement__state=AgreementState.IN_FORCE,
            transferred_on__isnull=True,
        )
        .select_related("agreement")
        .order_by("due_date")
    )


SECTIONS = (
    Entry(
        key="updates",
        title=_("Offer updates to accept"),
        hint=_("Offers updated to an award lower than requested."),
        query=_updates,
        fields=("pk", "submitted_at", "offer", "offer__title", "offer__organisation", "offer__organisation__name"),
        more="agreements_panel:updates",
        label=lambda u: f"{u.offer.organisation.name}: {u.offer.title}",
        link=lambda u: url("agreements_panel:update", u.pk),
        deadline=lambda u: u.submitted_at,
        detail=_("submitted"),
        is_deadline=False,
    ),
    Entry(
        key="agreements_to_draft",
        title=_("Agreements to draft"),
        hint=_("Grants awarded without an agreement yet (after any update was accepted)."),
        query=_to_draft,
        fields=(
            "pk",
            "title",
            "task_title",
            "offer",
            "organisation",
            "organisation__name",
            "call",
            "call__performance_start",
        ),
        label=lambda g: f"{g.organisation.name}: {g.title or g.task_title}",
        link=lambda g: url("agreements_panel:draft", g.offer_id),
        deadline=lambda g: g.call.performance_start,
        detail=_("task starts"),
    ),
    Entry(
        key="agreements",
        title=_("Agreements to sign"),
        hint=_("Drafts to send, agreements waiting for signatures or for entry into force; by the task's start."),
        query=_unsigned,
        fields=("pk", "number", "state", "start_date", "offer", "offer__organisation", "offer__organisation__name"),
        more="agreements_panel:list",
        label=lambda a: f"{a.number or a.offer.organisation.name}: {a.get_state_display()}",
        link=lambda a: url("agreements_panel:detail", a.pk),
        deadline=lambda a: a.start_date,
    ),
    Entry(
        key="tranches",
        title=_("Tranches to transfer"),
        hint=_("Instalments of grants under agreements in force."),
        query=_tranches,
        fields=("pk", "number", "amount", "due_date", "agreement", "agreement__number"),
        label=lambda t: f"{t.agreement.number}: {format_money(t.amount, localised=True, space=' ')}",
        link=lambda t: url("agreements_panel:detail", t.agreement_id),
        deadline=lambda t: t.due_date,
        detail=lambda t: str(_("tranche %(number)s")) % {"number": t.number},
    ),
)
