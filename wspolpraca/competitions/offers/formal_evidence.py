"""What the system itself knows for the formal check (law.md §2.7): the items of the checklist it
can verify from the record, each with the evidence the officer reads before confirming.

Decisions:
- Only suggestions: the page pre-fills these items and shows the evidence; nothing is recorded
  until the officer records the check (formal_check.record_formal_check).
- Read from the current submitted version (what the officer checks), the offer's first
  submission (the time it was filed), the offerors' legal forms as registered and the offer's
  attachments against the call's required ones.
- Items the system cannot verify (statutory activity, a signed confirmation, items officers
  added) get no evidence: the officer marks them.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wspolpraca.common.money import format_money
from wspolpraca.competitions.enums import CallMode
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.offers.checks import organisations_of, rules_for
from wspolpraca.organisations.enums import LegalForm


@dataclass(frozen=True)
class Evidence:
    """The system's finding for one checklist item: met or not, and why (shown to the officer)."""

    met: bool
    text: str


def _when(moment):
    return date_format(timezone.localtime(moment), "j.m.Y H:i")


def on_time(offer):
    """Filed on time: the first submission (a correction comes later by design) by the deadline."""
    first = offer.versions.order_by("number").first()
    filed = first.submitted_at if first else offer.submitted_at
    deadline = offer.call.offer_deadline
    if filed is None or deadline is None:
        return None
    names = {"submitted": _when(filed), "deadline": _when(deadline)}
    if filed <= deadline:
        return Evidence(True, _("Submitted %(submitted)s, deadline %(deadline)s.") % names)
    return Evidence(False, _("Submitted %(submitted)s, after the deadline %(deadline)s.") % names)


def arithmetic(offer, content):
    """The sums of the version's figures agree: the sources with the total cost, each cost line's
    years with its value, the split among joint offerors with the total."""
    figures = offer_content.compute(content or {}, simplified=offer.call.mode == CallMode.SMALL_GRANT)
    total = format_money(figures.total_cost, localised=True)
    problems = []
    if figures.sources_total != figures.total_cost:
        problems.append(
            _("the sources add up to %(sources)s, the total cost is %(total)s")
            % {"sources": format_money(figures.sources_total, localised=True), "total": total}
        )
    lines = [line for _name, rows in figures.actions for line in rows] + figures.admin_lines
    for line in lines:
        if line.value is not None and len(figures.years) > 1 and line.years_total != line.value:
            problems.append(
                _("%(line)s: the years do not add up to the line's value") % {"line": line.kind or _("a cost line")}
            )
    if figures.split and figures.split_total != figures.total_cost:
        problems.append(
            _("the split among the offerors adds up to %(split)s")
            % {"split": format_money(figures.split_total, localised=True)}
        )
    if problems:
        return Evidence(False, _("The sums do not agree: %(problems)s.") % {"problems": "; ".join(problems)})
    return Evidence(
        True,
        _("The sums agree: total cost %(total)s, sources %(sources)s.")
        % {"total": total, "sources": format_money(figures.sources_total, localised=True)},
    )


def legal_form(offer, organisations):
    """Every offeror's legal form is among those the call admits."""
    eligible = set(rules_for(offer.call).eligible_legal_forms)
    parts, met = [], True
    for org in organisations:
        label = LegalForm(org.legal_form).label if org.legal_form in LegalForm.values else org.legal_form
        ok = org.legal_form in eligible
        met = met and ok
        verdict = _("eligible") if ok else _("not eligible in this call")
        if len(organisations) == 1:
            parts.append(_("Legal form: %(form)s — %(verdict)s") % {"form": label, "verdict": verdict})
        else:
            parts.append(
                _("%(name)s: legal form %(form)s — %(verdict)s") % {"name": org.name, "form": label, "verdict": verdict}
            )
    return Evidence(met, "; ".join(parts) + ".")


def attachments(offer):
    """Every attachment the call requires is enclosed."""
    required = list(offer.call.required_attachments.filter(is_required=True))
    if not required:
        return Evidence(True, _("The call requires no attachments."))
    attached = set(offer.attachments.values_list("required_attachment_id", flat=True))
    missing = [r.name for r in required if r.pk not in attached]
    counts = {"present": len(required) - len(missing), "required": len(required)}
    text = _("Required attachments: %(present)s of %(required)s") % counts
    if missing:
        return Evidence(False, text + " — " + _("missing: %(names)s.") % {"names": "; ".join(missing)})
    return Evidence(True, text + ".")


def known_items(offer, items, *, version=None):
    """{item pk: Evidence} for the checklist items the system can verify (by their code)."""
    if version is None:
        version = offer.versions.filter(is_current=True).first()
    found = {}
    for item in items:
        if item.code == "on_time":
            evidence = on_time(offer)
        elif item.code == "arithmetic":
            evidence = arithmetic(offer, version.content if version else offer.content)
        elif item.code == "legal_form":
            evidence = legal_form(offer, organisations_of(offer))
        elif item.code == "attachments":
            evidence = attachments(offer)
        else:
            evidence = None
        if evidence is not None:
            found[item.pk] = evidence
    return found
