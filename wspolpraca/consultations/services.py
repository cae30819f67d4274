"""Consultations: creating and changing them, the draft's versions and units, the clock,
and the participants' comments. Every function is atomic and writes the activity log;
`transition_consultation` and `transition_comment` are the only places that change a state."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wspolpraca.common.mail import send_templated_mail
from wspolpraca.common.services import log_action
from wspolpraca.common.transitions import move_state
from wspolpraca.consultations.enums import (
    ANSWERING_STATES,
    COMMENT_TRANSITIONS,
    CONSULTATION_TRANSITIONS,
    INTAKE_CHANNELS,
    REPORTING_STATES,
    AnswerVerdict,
    CommentChannel,
    CommentState,
    ConsultationState,
)
from wspolpraca.consultations.models import (
    Comment,
    CommentAnswer,
    Consultation,
    ConsultationReport,
    DraftUnit,
    DraftVersion,
)
from wspolpraca.consultations.splitting import split_units

# Fields an officer sets on the consultation (the form's fields besides the draft's text).
CONSULTATION_FIELDS = (
    "title",
    "act_kind",
    "order_number",
    "order_date",
    "order_file",
    "draft_file",
    "participants",
    "starts_at",
    "ends_at",
    "forms",
    "unit_name",
    "contact_person",
    "contact_email",
    "urgency_reason",
    "comments_visibility",
)
# Fields that may no longer change once the consultation is announced.
EDITABLE_STATES = (ConsultationState.DRAFT, ConsultationState.ANNOUNCED, ConsultationState.OPEN)


def minimum_days():
    """The shortest period of a consultation without a recorded reason of urgency (default 7 days)."""
    return getattr(settings, "CONSULTATION_MIN_DAYS", 7)


def check_period(*, starts_at, ends_at, urgency_reason):
    """Refuse an end before the start, and a period shorter than the minimum without a reason of urgency."""
    if starts_at is None or ends_at is None:
        return
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The consultation must end after it starts.")})
    days = minimum_days()
    if ends_at - starts_at < timedelta(days=days) and not (urgency_reason or "").strip():
        raise ValidationError(
            {
                "urgency_reason": ngettext(
                    "The consultation lasts less than %(days)d day: give the reason of urgency, or extend the period.",
                    "The consultation lasts less than %(days)d days: give the reason of urgency, or extend the period.",
                    days,
                )
                % {"days": days}
            }
        )


def _next_version_number(consultation):
    last = consultation.versions.order_by("-number").first()
    return last.number + 1 if last else 1


def _store_version(consultation, text, number, *, is_final=False):
    version = DraftVersion.objects.create(consultation=consultation, number=number, text=text, is_final=is_final)
    DraftUnit.objects.bulk_create(
        DraftUnit(
            version=version, position=position, kind=unit.kind, label=unit.label, text=unit.text, depth=unit.depth
        )
        for position, unit in enumerate(split_units(text), start=1)
    )
    return version


@transaction.atomic
def create_consultation(*, actor, data, text):
    """A new consultation (a draft) with version 1 of the draft act split into units."""
    check_period(
        starts_at=data.get("starts_at"), ends_at=data.get("ends_at"), urgency_reason=data.get("urgency_reason")
    )
    consultation = Consultation(created_by=actor, **{name: data[name] for name in CONSULTATION_FIELDS if name in data})
    consultation.save()
    consultation.areas.set(data.get("areas") or [])
    _store_version(consultation, text, 1)
    log_action(actor=actor, action="consultation.created", obj=consultation)
    return consultation


@transaction.atomic
def update_consultation(*, actor, consultation, data, text):
    """Change the data and the draft's text. Before the opening the text replaces the current
    version's units; after it, a changed text becomes a new version (comments keep theirs)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state not in EDITABLE_STATES:
        raise ValidationError(
            _("A consultation that is %(state)s can no longer be changed.")
            % {"state": consultation.get_state_display()}
        )
    merged = {name: data.get(name, getattr(consultation, name)) for name in ("starts_at", "ends_at", "urgency_reason")}
    check_period(**merged)
    changed = [name for name in CONSULTATION_FIELDS if name in data and getattr(consultation, name) != data[name]]
    for name in changed:
        setattr(consultation, name, data[name])
    consultation.save()
    if "areas" in data and {area.pk for area in data["areas"]} != set(consultation.areas.values_list("pk", flat=True)):
        consultation.areas.set(data["areas"])
        changed.append("areas")
    version = current_version(consultation)
    new_version = None
    if version is None or text.strip() != version.text.strip():
        if version is not None and consultation.state == ConsultationState.DRAFT and not version.comments.exists():
            version.delete()
            new_version = _store_version(consultation, text, version.number)
        else:
            new_version = _store_version(consultation, text, _next_version_number(consultation))
    log_action(
        actor=actor,
        action="consultation.updated",
        obj=consultation,
        data={"fields": changed, **({"version": new_version.number} if new_version else {})},
    )
    return consultation


def current_version(consultation):
    """The latest version of the draft (the final text, once added, is not a draft)."""
    return consultation.versions.filter(is_final=False).order_by("-number").first()


def final_version(consultation):
    return consultation.versions.filter(is_final=True).order_by("-number").first()


@transaction.atomic
def update_unit(*, actor, unit, label, text):
    """The officer corrects a unit the splitting got wrong, before the announcement."""
    consultation = Consultation.objects.select_for_update().get(pk=unit.version.consultation_id)
    if consultation.state != ConsultationState.DRAFT:
        raise ValidationError(_("Units can be corrected only before the consultation is announced."))
    before = {"label": unit.label, "text": unit.text}
    unit.label, unit.text = label.strip(), text.strip()
    unit.save(update_fields=["label", "text"])
    log_action(
        actor=actor, action="consultation.unit_corrected", obj=consultation, data={"unit": unit.pk, "before": before}
    )
    return unit


def transition_consultation(consultation, to_state, *, actor, reason="", changes=None):
    """The one place a consultation changes its state (the table in enums.py)."""
    return move_state(
        consultation,
        to_state,
        table=CONSULTATION_TRANSITIONS,
        actor=actor,
        action=f"consultation.{to_state}",
        reason=reason,
        changes=changes,
    )


@transaction.atomic
def announce_consultation(*, actor, consultation, now=None):
    """Publish the consultation: visible at once, open for comments from its start."""
    now = now or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    check_period(
        starts_at=consultation.starts_at, ends_at=consultation.ends_at, urgency_reason=consultation.urgency_reason
    )
    if consultation.ends_at <= now:
        raise ValidationError(_("The consultation's end has already passed: change the dates first."))
    version = current_version(consultation)
    if version is None or not version.units.exists():
        raise ValidationError(_("The draft act has no text: paste it before announcing."))
    transition_consultation(consultation, ConsultationState.ANNOUNCED, actor=actor, changes={"announced_at": now})
    refresh_consultation_state(consultation, now=now)
    return consultation


@transaction.atomic
def cancel_consultation(*, actor, consultation, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason of the cancellation.")})
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    transition_consultation(
        consultation, ConsultationState.CANCELLED, actor=actor, reason=reason, changes={"cancel_reason": reason.strip()}
    )
    return consultation


def refresh_consultation_state(consultation, *, now=None):
    """Apply the clock: open an announced consultation from its start, close an open one at its end.
    Returns the new state when it changed, else None. Callers run it inside a transaction."""
    now = now or timezone.now()
    before = consultation.state
    if consultation.state == ConsultationState.ANNOUNCED and consultation.starts_at <= now:
        transition_consultation(consultation, ConsultationState.OPEN, actor=None)
    if consultation.state == ConsultationState.OPEN and consultation.ends_at <= now:
        transition_consultation(consultation, ConsultationState.CLOSED, actor=None)
    return consultation.state if consultation.state != before else None


def consultations_due_for_refresh(now=None):
    now = now or timezone.now()
    return Consultation.objects.filter(
        Q(state=ConsultationState.ANNOUNCED, starts_at__lte=now) | Q(state=ConsultationState.OPEN, ends_at__lte=now)
    ).order_by("pk")


def scheduled_step(now):
    """run_scheduled step: open and close consultations by the clock (the alerts about those that
    opened follow in participation.alerts_step)."""
    done = []
    for consultation in consultations_due_for_refresh(now):
        with transaction.atomic():
            locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
            before = locked.state
            new_state = refresh_consultation_state(locked, now=now)
        if new_state:
            done.append(f"consultation {locked.pk}: {before} → {new_state}")
    return done


def refresh_if_due(consultation, now=None):
    """The lazy form of the scheduled step, for pages read between two runs."""
    now = now or timezone.now()
    due = (consultation.state == ConsultationState.ANNOUNCED and consultation.starts_at <= now) or (
        consultation.state == ConsultationState.OPEN and consultation.ends_at <= now
    )
    if due:
        with transaction.atomic():
            locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
            refresh_consultation_state(locked, now=now)
        consultation.refresh_from_db()
    return consultation


# --- comments -----------------------------------------------------------------------------------


def transition_comment(comment, to_state, *, actor, changes=None):
    return move_state(
        comment,
        to_state,
        table=COMMENT_TRANSITIONS,
        actor=actor,
        action=f"consultation_comment.{to_state}",
        changes=changes,
        log_obj=comment.consultation,
        data={"comment": comment.pk},
    )


COMMENT_FIELDS = ("unit", "organisation", "current_wording", "proposed_wording", "justification")


def check_open_for_comments(consultation, now):
    if not (
        consultation.state in (ConsultationState.OPEN, ConsultationState.ANNOUNCED)
        and consultation.starts_at <= now < consultation.ends_at
    ):
        if consultation.ends_at <= now:
            raise ValidationError(
                _(
                    "The consultation closed on %(end)s: comments are no longer accepted. Your text is kept below so that you can copy it."
                )
                % {"end": timezone.localtime(consultation.ends_at).strftime("%d.%m.%Y %H:%M")}
            )
        raise ValidationError(_("The consultation is not open for comments."))


@transaction.atomic
def save_comment(*, actor, consultation, data, comment=None, send=False, now=None):
    """Save a participant's comment as a draft, or save and send it; only while the consultation is open."""
    now = now or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    refresh_consultation_state(consultation, now=now)
    check_open_for_comments(consultation, now)
    if comment is None:
        comment = Comment(consultation=consultation, author=actor, version=current_version(consultation))
    elif comment.author_id != actor.pk or comment.state != CommentState.DRAFT:
        raise ValidationError(_("This comment can no longer be changed."))
    for name in COMMENT_FIELDS:
        if name in data:
            setattr(comment, name, data[name])
    if comment.unit is not None and comment.unit.version_id != comment.version_id:
        comment.version = comment.unit.version
    if not (comment.justification or "").strip():
        raise ValidationError({"justification": _("Give the justification of the comment.")})
    created = comment.pk is None
    comment.save()
    # A draft is its author's own: logged on the comment, not in the consultation's history.
    log_action(
        actor=actor,
        action="consultation_comment.created" if created else "consultation_comment.updated",
        obj=comment,
        data={"consultation": consultation.pk},
    )
    if send:
        transition_comment(
            comment,
            CommentState.SENT,
            actor=actor,
            changes={"sent_at": now, "received_on": timezone.localdate(now), "channel": CommentChannel.ONLINE},
        )
    return comment


# --- answers, moderation, reports ---------------------------------------------------------------


def unanswered_comments(consultation):
    """Sent comments still waiting for an answer (hidden ones need none)."""
    return Comment.objects.filter(
        consultation=consultation, state=CommentState.SENT, hidden_at__isnull=True, answer__isnull=True
    )


def _refuse_unanswered(consultation):
    left = unanswered_comments(consultation).count()
    if left:
        raise ValidationError(
            ngettext(
                "%(count)d comment still has no answer: answer every comment before the report.",
                "%(count)d comments still have no answer: answer every comment before the report.",
                left,
            )
            % {"count": left},
            code="unanswered",
        )


def _mark_answered_if_done(consultation, actor):
    """closed → answered once no comment waits for an answer."""
    if consultation.state == ConsultationState.CLOSED and not unanswered_comments(consultation).exists():
        transition_consultation(consultation, ConsultationState.ANSWERED, actor=actor)


@transaction.atomic
def answer_comments(*, actor, consultation, comments, verdict, reason, now=None):
    """Answer one comment, or several similar ones together (one joint answer applied to each).
    A comment answered again takes the new answer; an answer left without comments is removed."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state not in ANSWERING_STATES:
        raise ValidationError(_("Comments are answered after the consultation closes and before the first report."))
    if verdict not in AnswerVerdict.values:
        raise ValidationError({"verdict": _("Choose how the comment was considered.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason of the answer.")})
    pks = [comment.pk for comment in comments]
    selected = list(
        Comment.objects.select_for_update().filter(
            pk__in=pks, consultation=consultation, state=CommentState.SENT, hidden_at__isnull=True
        )
    )
    if not selected or len(selected) != len(set(pks)):
        raise ValidationError(_("Choose the sent comments of this consultation to answer."))
    answer = CommentAnswer.objects.create(
        consultation=consultation,
        verdict=verdict,
        reason=reason.strip(),
        answered_by=actor,
        answered_at=now or timezone.now(),
    )
    previous = {comment.answer_id for comment in selected if comment.answer_id}
    Comment.objects.filter(pk__in=[comment.pk for comment in selected]).update(answer=answer)
    CommentAnswer.objects.filter(pk__in=previous, comments__isnull=True).delete()
    log_action(
        actor=actor,
        action="consultation.comments_answered",
        obj=consultation,
        data={"answer": answer.pk, "comments": sorted(c.pk for c in selected), "verdict": verdict},
    )
    _mark_answered_if_done(consultation, actor)
    return answer


@transaction.atomic
def hide_comment(*, actor, comment, reason, now=None):
    """Moderation: hide an abusive comment with a reason. The public sees only that it was hidden;
    the report counts it as hidden; it needs no answer."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason of hiding the comment.")})
    consultation = Consultation.objects.select_for_update().get(pk=comment.consultation_id)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.state != CommentState.SENT:
        raise ValidationError(_("Only sent comments can be hidden."))
    if comment.hidden_at is not None:
        raise ValidationError(_("This comment is already hidden."))
    comment.hidden_at = now or timezone.now()
    comment.hidden_reason = reason.strip()
    comment.hidden_by = actor
    comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    log_action(
        actor=actor,
        action="consultation.comment_hidden",
        obj=consultation,
        data={"comment": comment.pk, "reason": comment.hidden_reason},
    )
    _mark_answered_if_done(consultation, actor)
    return comment


# --- comments received on paper, by e-mail or at a meeting ---------------------------------------

INTAKE_FIELDS = (
    "channel",
    "received_on",
    "postmarked_on",
    "sender_name",
    "organisation",
    "organisation_name",
    "email",
    "scan",
    "unit",
    "current_wording",
    "proposed_wording",
    "justification",
)
# States in which an officer may enter a comment received outside the site: while it is open,
# and after the close for letters that arrive late (their postmark decides whether they count).
INTAKE_STATES = (ConsultationState.OPEN, ConsultationState.CLOSED)


@transaction.atomic
def enter_received_comment(*, actor, consultation, data, now=None):
    """An officer enters a comment received by post, in person, by e-mail or at a meeting: sent at
    once, without an author (entered_by is the officer), with its date of receipt."""
    now = now or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    refresh_consultation_state(consultation, now=now)
    if consultation.state not in INTAKE_STATES:
        raise ValidationError(_("Comments can be entered only while the consultation is open or after its close."))
    errors = {}
    if data.get("channel") not in dict(INTAKE_CHANNELS):
        errors["channel"] = _("Choose how the comment was received.")
    received_on = data.get("received_on")
    if received_on is None:
        errors["received_on"] = _("Give the date of receipt.")
    elif received_on > timezone.localdate(now):
        errors["received_on"] = _("The date of receipt cannot be in the future.")
    elif received_on < timezone.localtime(consultation.starts_at).date():
        errors["received_on"] = _("The date of receipt is before the consultation started.")
    postmarked_on = data.get("postmarked_on")
    if postmarked_on is not None:
        if data.get("channel") != CommentChannel.POST:
            errors["postmarked_on"] = _("A postmark date is given only for comments received by post.")
        elif received_on is not None and postmarked_on > received_on:
            errors["postmarked_on"] = _("The postmark date cannot be later than the date of receipt.")
    if (
        not (data.get("sender_name") or "").strip()
        and not data.get("organisation")
        and not (data.get("organisation_name") or "").strip()
    ):
        errors["sender_name"] = _("Give the sender: a name, or an organisation.")
    if not (data.get("justification") or "").strip():
        errors["justification"] = _("Give the justification of the comment.")
    if errors:
        raise ValidationError(errors)
    comment = Comment(consultation=consultation, author=None, entered_by=actor, version=current_version(consultation))
    for name in INTAKE_FIELDS:
        if name in data and data[name] is not None:
            setattr(comment, name, data[name])
    if comment.unit is not None:
        comment.version = comment.unit.version
    comment.save()
    transition_comment(comment, CommentState.SENT, actor=actor, changes={"sent_at": now})
    log_action(
        actor=actor,
        action="consultation_comment.entered",
        obj=consultation,
        data={"comment": comment.pk, "channel": comment.channel, "on_time": comment.on_time},
    )
    return comment


# --- reports and the final text -------------------------------------------------------------------


@transaction.atomic
def set_final_text(*, actor, consultation, text):
    """The text as adopted after the consultation: a version marked final, compared with the
    draft in the report. Given again, it replaces the earlier final text."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state not in REPORTING_STATES:
        raise ValidationError(_("The final text is added after the consultation closes."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Paste the final text.")})
    previous = final_version(consultation)
    if previous is not None and not previous.comments.exists():
        number = previous.number
        previous.delete()
    else:
        number = _next_version_number(consultation)
    version = _store_version(consultation, text, number, is_final=True)
    log_action(actor=actor, action="consultation.final_text_added", obj=consultation, data={"version": number})
    return version


def report_recipients(consultation):
    """The participants told of a report, each address once: the authors of sent comments with an
    account, residents who confirmed a comment without one, and senders of letters or e-mails who
    gave an address (the office's own records: never shown to anyone)."""
    sent = Comment.objects.filter(consultation=consultation, state=CommentState.SENT)
    users = get_user_model().objects.filter(pk__in=sent.values("author"), is_active=True).exclude(email="")
    addresses = {}
    for email, has_account in [
        *((user.email, True) for user in users.order_by("pk")),
        *(
            (email, False)
            for email in sent.filter(author__isnull=True).exclude(email="").values_list("email", flat=True)
        ),
    ]:
        addresses.setdefault(email.casefold(), (email, has_account))
    return sorted(addresses.values())


def _notify_report(report):
    url = settings.SITE_URL + report.get_absolute_url()
    for email, has_account in report_recipients(report.consultation):
        send_templated_mail(
            template="consultations/email/report_published",
            recipients=[email],
            context={
                "report": report,
                "consultation": report.consultation,
                "report_url": url,
                "has_account": has_account,
            },
        )


def report_title(number):
    """The default title, Polish whatever the interface's language: reports are official documents."""
    return f"Raport {number}"


@transaction.atomic
def publish_report(*, actor, consultation, title="", introduction="", summary="", now=None):
    """Publish the next report (Raport 1, 2, …). Refused while any comment waits for an answer;
    the first moves the consultation to "report published". Participants are e-mailed."""
    now = now or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state not in REPORTING_STATES:
        raise ValidationError(_("A report is published after the consultation closes."))
    _refuse_unanswered(consultation)
    _mark_answered_if_done(consultation, actor)
    last = consultation.reports.order_by("-number").first()
    number = last.number + 1 if last else 1
    report = ConsultationReport.objects.create(
        consultation=consultation,
        number=number,
        title=(title or "").strip() or report_title(number),
        introduction=(introduction or "").strip(),
        summary=(summary or "").strip(),
        published_at=now,
        published_by=actor,
    )
    if consultation.state == ConsultationState.ANSWERED:
        transition_consultation(consultation, ConsultationState.REPORT_PUBLISHED, actor=actor)
    log_action(
        actor=actor,
        action="consultation.report_added",  # not "report_published": the state change's own code
        obj=consultation,
        data={"report": report.pk, "number": number},
    )
    transaction.on_commit(lambda: _notify_report(report))
    return report
