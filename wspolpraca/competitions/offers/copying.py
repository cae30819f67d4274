"""Copying one of the organisation's earlier offers into a new draft for another call.

Decisions:
- The copy is a new draft of the same organisation (the lead offeror of the earlier offer) for a
  task of a call accepting offers; only an editor or representative of that organisation makes it.
- Copied: the organisation's data (II, its own entry and the contact), the description, schedule
  and results (III), the offeror's characteristics (IV), the costs (V) and other information (VI).
  Section I comes from the new call, as for any new draft.
- Never copied: the declarations (VII), the attachments, the partners (a joint offer invites its
  partners again; their part of the costs and the schedule goes with them) and anything submitted
  (number, versions, state).
- What does not fit the new call is dropped and the person is told what to check: dates outside
  the call's period of performance (and with them the years of the schedule and the costs), a
  different form of offer (a small grant's simplified one or the full one).
- The copy is logged ("offer.copied") with the source, the call, the task and what was dropped.
"""

import copy

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wspolpraca.common.services import log_action
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.models import Offer
from wspolpraca.competitions.offers.services import authority_name, offeror_entry

COPIED_SECTIONS = ("II", "III", "IV", "V", "VI")


def may_copy(user, source):
    """An editor or representative of the earlier offer's lead organisation."""
    return bool(rules.test_rule("organisations.prepare_for_organisation", user, source.organisation))


def _within_period(call, section_iii):
    start = offer_content.parse_date(section_iii.get("start"))
    end = offer_content.parse_date(section_iii.get("end"))
    if start is None or end is None:
        return False
    if call.performance_start and start < call.performance_start:
        return False
    return not (call.performance_end and end > call.performance_end)


def _clear_years(content):
    """Without the task's dates, the years of the schedule and of the costs no longer apply."""
    for activity in content["III"].get("activities") or []:
        if isinstance(activity, dict):
            activity["year"] = ""
    for action in content["V"].get("actions") or []:
        for line in (action or {}).get("lines") or []:
            if isinstance(line, dict):
                line["years"] = {}
    for line in content["V"].get("admin_lines") or []:
        if isinstance(line, dict):
            line["years"] = {}


def _without_partners(content, organisation):
    """The lead offeror alone: partners' entries, their part of the costs and their roles go."""
    lead = str(organisation.pk)
    offerors = [o for o in content["II"].get("offerors") or [] if str((o or {}).get("organisation_id")) == lead]
    content["II"]["offerors"] = offerors or [offeror_entry(organisation)]
    content["V"]["split"] = []
    if content["VI"].get("partners_roles"):
        content["VI"]["partners_roles"] = ""
    for activity in content["III"].get("activities") or []:
        if isinstance(activity, dict) and str(activity.get("partner") or "") not in ("", lead):
            activity["partner"] = lead


def copied_content(source, call, task):
    """(content, notes, dropped): the new draft's document, what the person should check, and
    the keys of what was dropped (for the activity log)."""
    old = copy.deepcopy(source.content or {})
    content = {key: dict(old.get(key) or {}) if isinstance(old.get(key), dict) else {} for key in COPIED_SECTIONS}
    content["I"] = {"authority": authority_name(), "task_type": call.task_type or task.title}
    notes, dropped = [], []
    if source.partners.exists():
        dropped.append("partners")
        notes.append(_("The partners of the earlier joint offer were not copied: invite them again if needed."))
    _without_partners(content, source.organisation)
    if not _within_period(call, content["III"]):
        dropped.append("dates")
        content["III"]["start"] = content["III"]["end"] = ""
        _clear_years(content)
        notes.append(
            _(
                "The dates of the task did not fall within this call's period of performance and were left empty: "
                "enter them (section III), then the years of the schedule and of the costs (section V)."
            )
        )
    if source.call.is_small_grant != call.is_small_grant:
        dropped.append("form")
        notes.append(_("This call uses another form of offer: check the costs (section V) line by line."))
    notes.append(
        _(
            "Check the organisation's data (section II) and the amounts against this call's rules; make the "
            "declarations (section VII) and add the attachments again."
        )
    )
    return content, notes, dropped


@transaction.atomic
def copy_offer(*, actor, source, task):
    """A new draft of `source`'s organisation for `task`, with the content of `source` copied.
    Returns (offer, notes): notes say what the person should check."""
    call = task.call
    if not may_copy(actor, source):
        raise PermissionDenied
    if not call.accepts_offers():
        raise ValidationError(_("This call does not accept offers now."))
    content, notes, dropped = copied_content(source, call, task)
    offer = Offer(
        call=call,
        task=task,
        organisation=source.organisation,
        content=content,
        created_by=actor,
        last_edited_by=actor,
        revision=1,
        section_revisions=dict.fromkeys(COPIED_SECTIONS, 1),
    )
    figures = offer_content.compute(content, simplified=call.is_small_grant)
    for name, value in figures.as_totals().items():
        setattr(offer, name, value)
    offer.title = str(content["III"].get("title") or "").strip()[:300]
    offer.save()
    log_action(
        actor=actor,
        action="offer.copied",
        obj=offer,
        data={"source": source.pk, "call": call.pk, "task": task.pk, "dropped": dropped},
    )
    return offer, notes
