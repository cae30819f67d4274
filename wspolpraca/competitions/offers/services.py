"""The NGO's offer editor: starting an offer, saving its sections, attachments (partners:
services/partners.py).

Decisions:
- A section is stored as typed (strings), see offer_content and docs/decisions/0004. Saving
  never validates: problems are shown after saving, and block only submission.
- Concurrency: each save names the section revision it started from (`base_revision`) and,
  optionally, the digest of the section as it was loaded (`base_digest`). A stale save whose
  stored section changed meanwhile is not applied: `SectionConflict` carries the other version.
- "offer.saved" is logged at most once per SAVE_LOG_INTERVAL per user and offer, so autosave
  does not flood the activity log.
- Drafts may be saved after the deadline (nothing typed is lost); the rule
  `competitions.edit_offer` decides who may edit.
"""

import copy
import datetime
import hashlib
import json

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.models import ActivityLog, SiteSettings
from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.common.services import log_action
from wspolpraca.common.storage import refuse_when_disk_full
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.kernel import attachments, offer_content
from wspolpraca.competitions.models import CompetitionSettings, Offer, OfferAttachment
from wspolpraca.competitions.offers import update as offer_update
from wspolpraca.competitions.offers.checks import organisations_of
from wspolpraca.competitions.offers.formal_check import part_editable
from wspolpraca.competitions.offers.update import restrict_section

SAVE_LOG_INTERVAL = datetime.timedelta(minutes=10)


class SectionConflict(Exception):
    """Someone else saved the section after the user loaded it; nothing was overwritten."""

    def __init__(self, *, theirs, revision, edited_by, edited_at):
        super().__init__("section changed meanwhile")
        self.theirs = theirs
        self.revision = revision
        self.edited_by = edited_by
        self.edited_at = edited_at


def authority_name(site_settings=None):
    """ "Prezydent Miasta Płocka": the authority the offer is addressed to (editable in section I)."""
    city = (site_settings or SiteSettings.load()).city_name.strip()
    if city and city[-1].lower() not in "aeiouyąęó":
        city = f"{city}a"  # Płock → Płocka (genitive of most masculine town names)
    return f"Prezydent Miasta {city}"


def offeror_entry(organisation):
    """Section II data of one offeror, from the registry (editable for the offer)."""
    if organisation.krs_number:
        register = f"KRS {organisation.krs_number}"
    else:
        register = " ".join(part for part in (organisation.register_name, organisation.register_number) if part)
    return {
        "organisation_id": organisation.pk,
        "name": organisation.name,
        "legal_form": organisation.legal_form,
        "register": register,
        "address": f"{organisation.street_address}, {organisation.postal_code} {organisation.town}",
        "correspondence_address": "",
        "email": organisation.email,
        "phone": organisation.phone,
        "website": organisation.website,
        "bank_account": organisation.bank_account,
    }


def section_digest(data):
    """A short fingerprint of a section's data, to tell whether it changed since loaded."""
    text = json.dumps(data or {}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def may_edit(user, offer):
    """The rule `competitions.edit_offer`, strictly: no superuser bypass (the offer is the
    organisations' declaration; administrators and officers read it)."""
    return bool(rules.test_rule("competitions.edit_offer", user, offer))


def _require_edit(actor, offer, part=None):
    """`part`: the section (or "attachments", "partners") to change; during a call to correct
    only the parts it names may change (law.md §2.7)."""

    if not may_edit(actor, offer):
        raise PermissionDenied
    if part is not None and not part_editable(offer, part):
        raise PermissionDenied(_("During the correction only the parts named in the call to correct may change."))
    if part is not None and not offer_update.part_editable(offer, part):
        # After a reduced award (law.md §2.6): the schedule, the expected results and the costs.
        raise PermissionDenied(_("During the update only the schedule, the expected results and the costs may change."))


@transaction.atomic
def create_offer(*, actor, task, organisation):
    """Start a draft offer of `organisation` for `task`, with sections I and II pre-filled."""
    call = task.call
    if not rules.test_rule("organisations.prepare_for_organisation", actor, organisation):
        raise PermissionDenied
    if not call.accepts_offers():
        raise ValidationError(_("This call does not accept offers now."))
    content = {
        "I": {"authority": authority_name(), "task_type": call.task_type or task.title},
        "II": {"offerors": [offeror_entry(organisation)], "contact": {"name": "", "phone": "", "email": ""}},
        "III": {"title": ""},
    }
    offer = Offer.objects.create(
        call=call,
        task=task,
        organisation=organisation,
        content=content,
        created_by=actor,
        last_edited_by=actor,
    )
    log_action(actor=actor, action="offer.created", obj=offer, data={"call": call.pk, "task": task.pk})
    return offer


def _log_save(actor, offer, section):
    since = timezone.now() - SAVE_LOG_INTERVAL
    recent = ActivityLog.objects.filter(
        action="offer.saved", actor=actor, object_id=str(offer.pk), created_at__gte=since
    ).exists()
    if not recent:
        log_action(actor=actor, action="offer.saved", obj=offer, data={"section": section})


def _refresh_totals(offer):
    figures = offer_content.compute(offer.content, simplified=offer.call.is_small_grant)
    for name, value in figures.as_totals().items():
        setattr(offer, name, value)
    offer.title = str((offer.content.get("III") or {}).get("title") or "").strip()[:300]


@transaction.atomic
def save_offer_section(*, actor, offer, section, data, base_revision, base_digest=None):
    """Store one section as typed. Raises SectionConflict instead of overwriting another's save.

    `base_revision` is the section's revision when the form was loaded; `base_digest`
    (optional) the digest of the section as loaded. Returns the saved offer.
    """
    if section not in offer_content.SECTIONS:
        raise ValueError(f"Not a section: {section}")
    offer = Offer.objects.select_for_update(of=("self",)).select_related("call").get(pk=offer.pk)
    _require_edit(actor, offer, section)

    data = restrict_section(offer, section, data)  # during an update, III keeps its frozen parts
    content = copy.deepcopy(offer.content or {})
    stored = content.get(section) or {}
    current = int((offer.section_revisions or {}).get(section, 0))
    try:
        base_revision = None if base_revision is None else int(base_revision)
    except (TypeError, ValueError):
        base_revision = -1  # not a revision (a tampered form): stale, never a silent overwrite
    stale = base_revision is not None and base_revision != current and stored != data
    if stale and (base_digest is None or base_digest != section_digest(stored)):
        raise SectionConflict(
            theirs=stored, revision=current, edited_by=offer.last_edited_by, edited_at=offer.updated_at
        )
    if stored == data and section in (offer.section_revisions or {}):
        return offer  # nothing changed: no new revision, no log
    content[section] = data
    offer.content = content
    if offer.state == OfferState.DRAFT:
        # A submitted offer keeps the title and figures of its submitted version (officers'
        # lists, exports, the small-grant decision) until a new version is submitted.
        _refresh_totals(offer)
    offer.revision += 1
    offer.section_revisions = {**(offer.section_revisions or {}), section: current + 1}
    offer.last_edited_by = actor
    offer.save()
    _log_save(actor, offer, section)
    return offer


def _set_offerors(offer):
    """Keep II offerors in step with the lead and partners (typed data of those staying is kept)."""

    content = copy.deepcopy(offer.content or {})
    second = content.setdefault("II", {})
    existing = {str(o.get("organisation_id")): o for o in second.get("offerors") or [] if isinstance(o, dict)}
    second["offerors"] = [existing.get(str(org.pk)) or offeror_entry(org) for org in organisations_of(offer)]
    ids = {str(org["organisation_id"]) for org in second["offerors"]}
    fifth = content.get("V") or {}
    if fifth.get("split"):
        fifth["split"] = [row for row in fifth["split"] if str((row or {}).get("organisation_id")) in ids]
    offer.content = content
    offer.revision += 1
    revisions = dict(offer.section_revisions or {})
    revisions["II"] = int(revisions.get("II", 0)) + 1
    offer.section_revisions = revisions


@transaction.atomic
def add_attachment(*, actor, offer, uploaded, title, required_attachment=None):
    """Store a private attachment. The type comes from the file's bytes; PDF, PNG, JPEG only."""
    _require_edit(actor, offer, "attachments")
    limit_mb = CompetitionSettings.load().attachment_max_mb
    if uploaded.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            {"file": _("The file is larger than %(max)s MB. Make it smaller or split it.") % {"max": limit_mb}}
        )
    if uploaded.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    sniffed = attachments.sniff_file(uploaded)
    if sniffed is None:
        raise ValidationError({"file": _("Only PDF, PNG and JPEG files may be attached; this file is none of them.")})
    if sniffed.kind == "pdf":
        try:
            validate_pdf_content(uploaded)
        except ValidationError as error:
            raise ValidationError({"file": error}) from None
    if required_attachment is not None and required_attachment.call_id != offer.call_id:
        raise ValidationError({"required_attachment": _("This requirement belongs to another call.")})
    digest = attachments.sha256_of(uploaded)
    uploaded.name = attachments.safe_name(uploaded.name, sniffed.extension)
    attachment = OfferAttachment(
        offer=offer,
        required_attachment=required_attachment,
        title=(title or "").strip() or (required_attachment.name if required_attachment else uploaded.name),
        content_type=sniffed.content_type,
        size=uploaded.size,
        sha256=digest,
        uploaded_by=actor,
    )
    with refuse_when_disk_full("file", draft=True):
        attachment.file.save(uploaded.name, uploaded, save=False)
    attachment.save()
    log_action(
        actor=actor,
        action="offer.attachment_added",
        obj=offer,
        data={"title": attachment.title, "sha256": digest, "content_type": sniffed.content_type},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor, attachment):
    offer = attachment.offer
    _require_edit(actor, offer, "attachments")
    title, digest = attachment.title, attachment.sha256
    # Submitted versions keep the file's name and checksum; the file itself goes with the row
    # only while nothing submitted refers to it.
    referenced = any(
        entry.get("sha256") == digest for version in offer.versions.all() for entry in version.attachments or []
    )
    if referenced:
        # A submitted version lists this file: officers must still be able to read it.
        attachment.removed_at = timezone.now()
        attachment.save(update_fields=["removed_at"])
    else:
        stored = attachment.file
        attachment.delete()
        if stored:
            transaction.on_commit(lambda: stored.storage.delete(stored.name))
    log_action(actor=actor, action="offer.attachment_removed", obj=offer, data={"title": title, "sha256": digest})
