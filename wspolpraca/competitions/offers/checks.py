"""Reads that turn an Offer and its Call into the plain data offer_checks checks."""

from django.utils.translation import gettext as _

from wspolpraca.competitions.enums import CallMode, PartnerInvitationState
from wspolpraca.competitions.kernel import offer_checks, offer_content
from wspolpraca.competitions.models import CompetitionSettings
from wspolpraca.organisations.enums import LegalForm

# Legal forms eligible under art. 3 ust. 2–3 by default; rural housewives' circles only when a call says so.
DEFAULT_ELIGIBLE_FORMS = tuple(form for form in LegalForm.values if form != LegalForm.RURAL_HOUSEWIVES_CIRCLE)


def rules_for(call):
    settings = CompetitionSettings.load()
    simplified = call.mode == CallMode.SMALL_GRANT
    max_grant = call.max_grant
    if simplified:
        max_grant = min(max_grant, settings.small_grant_max_amount) if max_grant else settings.small_grant_max_amount
    return offer_checks.CallRules(
        financing=call.financing,
        simplified=simplified,
        min_grant=call.min_grant,
        max_grant=max_grant,
        min_own_contribution_pct=call.min_own_contribution_pct,
        min_own_financial_pct=call.min_own_financial_pct,
        min_own_personal_pct=call.min_own_personal_pct,
        in_kind_may_be_valued=call.in_kind_may_be_valued,
        admin_costs_cap_pct=call.admin_costs_cap_pct,
        performance_start=call.performance_start,
        performance_end=call.performance_end,
        eligible_legal_forms=tuple(call.eligible_legal_forms or DEFAULT_ELIGIBLE_FORMS),
        results_table_required=call.results_table_required and not simplified,
        max_days=settings.small_grant_max_days if simplified else None,
    )


def organisations_of(offer):
    """The lead offeror, then the partners of a joint offer, in order (no query for an offer
    loaded by selectors.with_submitted_checksum, which prefetches them)."""
    listed = getattr(offer, "listed_partners", None)
    if listed is None:
        listed = offer.partners.select_related("organisation")
    return [offer.organisation, *[p.organisation for p in listed]]


def offerors_for(offer, organisations=None):
    return [
        offer_checks.Offeror(
            organisation_id=org.pk,
            name=org.name,
            legal_form=org.legal_form,
            has_register_number=bool(org.krs_number or org.register_number),
        )
        for org in (organisations_of(offer) if organisations is None else organisations)
    ]


def figures_for(offer):
    return offer_content.compute(offer.content, simplified=offer.call.mode == CallMode.SMALL_GRANT)


def problems_for(offer, figures=None, *, organisations=None, attachments=None):
    """Every problem blocking submission: the template's rules, the call's rules, attachments.

    `organisations` (organisations_of) and `attachments` (the offer's) may be given when the
    caller has read them already."""
    figures = figures or figures_for(offer)
    problems = offer_checks.check(
        offer.content, rules=rules_for(offer.call), offerors=offerors_for(offer, organisations), figures=figures
    )
    if attachments is None:
        attached = set(offer.attachments.values_list("required_attachment_id", flat=True))
    else:
        attached = {attachment.required_attachment_id for attachment in attachments}
    for requirement in offer.call.required_attachments.filter(is_required=True):
        if requirement.pk not in attached:
            problems.append(
                offer_checks.Problem(
                    "attachments",
                    f"attachment-{requirement.pk}",
                    _("Attach: %(name)s.") % {"name": requirement.name},
                )
            )
    return problems + partner_problems(offer)


def partner_problems(offer):
    """A joint offer is submitted only with partners who accepted (art. 14 ust. 2)."""
    pending = offer.partner_invitations.filter(state=PartnerInvitationState.INVITED).select_related("organisation")
    return [
        offer_checks.Problem(
            "partners",
            f"invitation-{invitation.pk}",
            _("Partner %(name)s has not accepted the invitation to the joint offer (or withdraw the invitation).")
            % {"name": invitation.organisation.name},
        )
        for invitation in pending.order_by("invited_at", "pk")
    ]
