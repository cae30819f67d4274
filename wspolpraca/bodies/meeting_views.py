"""Pages of the meetings, resolutions and minutes: public, the members' area, the officers' panel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.bodies import meetings as services
from wspolpraca.bodies import selectors
from wspolpraca.bodies.enums import MeetingState, MinutesState, Presence, ResolutionState
from wspolpraca.bodies.meeting_forms import (
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    ReasonForm,
    ResolutionForm,
    VotesForm,
)
from wspolpraca.bodies.models import AgendaDocument, AgendaItem, Body, Meeting, Minutes, Resolution
from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.pdf import pdf_response

# --- public ---------------------------------------------------------------------------------


def _meeting(slug, pk):
    return get_object_or_404(Meeting.objects.select_related("term__body"), pk=pk, term__body__slug=slug)


class MeetingDetailView(TemplateView):
    template_name = "bodies/meeting.html"

    def get_context_data(self, **kwargs):
        meeting = _meeting(self.kwargs["slug"], self.kwargs["pk"])
        body = meeting.term.body
        working = self.request.user.has_perm("bodies.view_working_documents", body)
        resolutions = selectors.with_votes(meeting.resolutions.select_related("body").order_by("year", "number"))
        if not working:
            resolutions = resolutions.filter(state=ResolutionState.ADOPTED)
        attendance = list(meeting.attendances.select_related("membership").order_by("membership__name"))
        present = sum(1 for row in attendance if row.presence == Presence.PRESENT)
        present, required, total = services.quorum_of(meeting, present=present)
        minutes = Minutes.objects.filter(meeting=meeting, state=MinutesState.PUBLISHED).first()
        return super().get_context_data(
            meeting=meeting,
            body=body,
            items=selectors.agenda_of(meeting, working=working),
            working=working,
            resolutions=list(resolutions),
            attendance=attendance,
            quorum={"present": present, "required": required, "members": total, "met": present >= required},
            minutes=minutes,
            **kwargs,
        )


class ResolutionDetailView(TemplateView):
    """An adopted resolution or opinion with its named votes; drafts only for members and officers."""

    template_name = "bodies/resolution.html"

    def get_context_data(self, **kwargs):
        resolution = get_object_or_404(
            selectors.with_votes(Resolution.objects.select_related("body", "meeting")),
            body__slug=self.kwargs["slug"],
            year=self.kwargs["year"],
            number=self.kwargs["number"],
        )
        if resolution.state != ResolutionState.ADOPTED and not self.request.user.has_perm(
            "bodies.view_working_documents", resolution.body
        ):
            raise Http404
        votes = list(resolution.votes.all())
        return super().get_context_data(
            resolution=resolution, body=resolution.body, votes=votes, tally=services.tally_of(votes), **kwargs
        )


def _published_minutes(slug, pk):
    minutes = get_object_or_404(
        Minutes.objects.select_related("meeting__term__body", "approved_at_item__meeting"),
        meeting__pk=pk,
        meeting__term__body__slug=slug,
    )
    if minutes.state != MinutesState.PUBLISHED:
        raise Http404
    return minutes


def _minutes_context(minutes):
    meeting = minutes.meeting
    attendance = list(meeting.attendances.select_related("membership").order_by("membership__name"))
    resolutions = list(
        selectors.with_votes(
            meeting.resolutions.select_related("body").exclude(state=ResolutionState.DRAFT).order_by("year", "number")
        )
    )
    for resolution in resolutions:
        resolution.tally = services.tally_of(resolution.votes.all())
    return {
        # The chair and the secretary present sign the minutes (names printed under the lines).
        "signatories": {row.membership.role: row.membership.name for row in attendance if row.presence == "present"},
        "minutes": minutes,
        "meeting": meeting,
        "body": meeting.term.body,
        "attendance": attendance,
        "items": list(meeting.agenda_items.all()),
        "resolutions": resolutions,
    }


class MinutesView(TemplateView):
    template_name = "bodies/minutes.html"

    def get_context_data(self, **kwargs):
        minutes = _published_minutes(self.kwargs["slug"], self.kwargs["pk"])
        return super().get_context_data(**_minutes_context(minutes), **kwargs)


class MinutesPdfView(View):
    """The approved minutes as an official PDF (Polish whatever the reader's language)."""

    def get(self, request, slug, pk):
        minutes = _published_minutes(slug, pk)
        context = _minutes_context(minutes)
        return pdf_response(
            "bodies/pdf/minutes.html",
            context,
            filename=f"protokol-{minutes.meeting.term.body.slug}-{minutes.meeting.number}.pdf",
            inline=True,
        )


class DocumentView(View):
    """A paper of an agenda item: a public one for all; a working one for the members and
    officers, 404 for anyone else (nothing tells that it exists)."""

    def get(self, request, slug, pk):
        document = get_object_or_404(
            AgendaDocument.objects.select_related("item__meeting__term__body"),
            pk=pk,
            item__meeting__term__body__slug=slug,
        )
        if not document.public and not request.user.has_perm(
            "bodies.view_working_documents", document.item.meeting.term.body
        ):
            raise Http404
        return FileResponse(document.file.open("rb"), content_type="application/pdf", filename=f"dokument-{pk}.pdf")


class MembersAreaView(TemplateView):
    """The working documents and the minutes before publication: 404 for non-members."""

    template_name = "bodies/members_area.html"

    def get_context_data(self, **kwargs):
        body = get_object_or_404(Body, slug=self.kwargs["slug"])
        if not self.request.user.has_perm("bodies.view_working_documents", body):
            raise Http404
        return super().get_context_data(
            body=body,
            documents=list(selectors.working_documents(body)),
            drafts=list(selectors.draft_minutes(body)),
            **kwargs,
        )


# --- the officers' panel (and the body's secretary) ---------------------------------------------


class MeetingCreateView(PermissionRequiredMixin, FormView):
    template_name = "bodies/panel/meeting_form.html"
    form_class = MeetingForm
    permission_required = "bodies.manage_meetings"

    @cached_property
    def body(self):
        return get_object_or_404(Body, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.body

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=self.body, **kwargs)

    def form_valid(self, form):
        term = selectors.current_term(selectors.body_terms(self.body))
        if term is None:
            form.add_error(None, _("No term is running at the moment."))
            return self.form_invalid(form)
        try:
            meeting = services.create_meeting(actor=self.request.user, term=term, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Meeting no. %(number)d has been planned.") % {"number": meeting.number})
        return redirect("bodies_panel:meeting", pk=meeting.pk)


class MeetingPanelView(PermissionRequiredMixin, TemplateView):
    """One meeting to run: agenda and papers, invitations, attendance and quorum, resolutions and
    their named votes, the minutes. Each form posts its `action`; the services check who may."""

    template_name = "bodies/panel/meeting.html"
    permission_required = "bodies.record_meeting"

    @cached_property
    def meeting(self):
        return get_object_or_404(Meeting.objects.select_related("term__body"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.meeting.term.body

    def forms(self, data=None, files=None, action=None):
        meeting = self.meeting
        members = services.members_at(meeting)
        attendance = {row.membership_id: row.presence for row in meeting.attendances.all()}
        present = [m for m in members if attendance.get(m.pk) == Presence.PRESENT]
        items = list(meeting.agenda_items.all())
        later = Meeting.objects.filter(term__body=meeting.term.body, starts_at__gt=meeting.starts_at).exclude(
            state=MeetingState.CANCELLED
        )

        def bound(name):
            return (data, files) if action == name else (None, None)

        minutes = Minutes.objects.filter(meeting=meeting).first()
        return {
            "agenda": AgendaItemForm(*bound("agenda")[:1], prefix="agenda"),
            "document": DocumentForm(*bound("document"), items=items, prefix="document"),
            "attendance": AttendanceForm(
                *bound("attendance")[:1], members=members, initial_presence=attendance, prefix="attendance"
            ),
            "resolution": ResolutionForm(*bound("resolution")[:1], prefix="resolution"),
            "votes": VotesForm(*bound("votes")[:1], present=present, prefix="votes"),
            "minutes": MinutesForm(
                *bound("minutes")[:1], initial={"text": minutes.text if minutes else ""}, prefix="minutes"
            ),
            "cancel": ReasonForm(*bound("cancel")[:1], prefix="cancel"),
            "withdraw": ReasonForm(*bound("withdraw")[:1], prefix="withdraw"),
            "approve": ApproveMinutesForm(*bound("approve")[:1], meetings=later, prefix="approve"),
        }

    def get_context_data(self, forms=None, **kwargs):
        meeting = self.meeting
        body = meeting.term.body
        forms = forms or self.forms()
        attendance = {row.membership_id: row.presence for row in meeting.attendances.all()}
        present, required, total = services.quorum_of(
            meeting, present=sum(1 for value in attendance.values() if value == Presence.PRESENT)
        )
        minutes = Minutes.objects.filter(meeting=meeting).prefetch_related("versions__author").first()
        resolutions = list(selectors.with_votes(meeting.resolutions.select_related("body").order_by("year", "number")))
        for resolution in resolutions:
            resolution.tally = services.tally_of(resolution.votes.all())
        return super().get_context_data(
            meeting=meeting,
            body=body,
            items=selectors.agenda_of(meeting, working=True),
            forms=forms,
            quorum={"present": present, "required": required, "members": total, "met": present >= required},
            resolutions=resolutions,
            minutes=minutes,
            can_manage=self.request.user.has_perm("bodies.manage_meetings", body),
            without_email=services.members_without_email(meeting) if meeting.state == MeetingState.PLANNED else [],
            presence_choices=Presence.choices,
            vote_choices=VotesForm.CAST,
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action", "")
        forms = self.forms(request.POST, request.FILES, action)
        form = forms.get(action)
        user, meeting = request.user, self.meeting
        handlers = {
            "agenda": lambda f: services.add_agenda_item(actor=user, meeting=meeting, **f.cleaned_data),
            "document": lambda f: services.add_document(
                actor=user,
                item=meeting.agenda_items.get(pk=f.cleaned_data["item"]),
                title=f.cleaned_data["title"],
                upload=f.cleaned_data["file"],
                public=f.cleaned_data["public"],
            ),
            "attendance": lambda f: services.record_attendance(actor=user, meeting=meeting, presence=f.presence()),
            "resolution": lambda f: services.create_resolution(actor=user, meeting=meeting, **f.cleaned_data),
            "votes": lambda f: services.record_votes(actor=user, resolution=self._resolution(), votes=f.votes()),
            "withdraw": lambda f: services.withdraw_resolution(
                actor=user, resolution=self._resolution(), reason=f.cleaned_data["reason"]
            ),
            "minutes": lambda f: services.save_minutes(actor=user, meeting=meeting, **f.cleaned_data),
            "cancel": lambda f: services.cancel_meeting(actor=user, meeting=meeting, reason=f.cleaned_data["reason"]),
            "approve": lambda f: services.approve_minutes(
                actor=user,
                minutes=meeting.minutes,
                at_meeting=Meeting.objects.get(pk=f.cleaned_data["at_meeting"], term__body=meeting.term.body),
            ),
            **self._agenda_handlers(user),
            "invite": lambda f: services.send_invitations(actor=user, meeting=meeting),
            "held": lambda f: services.mark_meeting_held(actor=user, meeting=meeting),
            "send_minutes": lambda f: services.send_minutes(actor=user, minutes=meeting.minutes),
            "publish": lambda f: services.publish_minutes(actor=user, minutes=meeting.minutes),
        }
        if action not in handlers:
            raise Http404
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(forms=forms), status=200)
        try:
            handlers[action](form)
        except ValidationError as error:
            if form is not None:
                add_service_errors(form, error)
                return self.render_to_response(self.get_context_data(forms=forms))
            for message in error.messages:
                messages.error(request, message)
            return redirect("bodies_panel:meeting", pk=meeting.pk)
        except (Minutes.DoesNotExist, Meeting.DoesNotExist):
            raise Http404 from None
        messages.success(request, _("Saved."))
        if action.startswith(("agenda", "item_", "document")) and meeting.invitations_sent_at:
            messages.warning(
                request, _("The agenda changed after the invitations were sent: send them again with the new agenda.")
            )
        return redirect("bodies_panel:meeting", pk=meeting.pk)

    def _agenda_handlers(self, user):
        """Changing the agenda before the meeting: an item's text, its place, its removal."""
        post = self.request.POST
        return {
            "item_change": lambda f: services.change_agenda_item(
                actor=user,
                item=self._item(),
                title=post.get("edit-title", ""),
                description=post.get("edit-description", ""),
            ),
            "item_up": lambda f: services.move_agenda_item(actor=user, item=self._item(), up=True),
            "item_down": lambda f: services.move_agenda_item(actor=user, item=self._item(), up=False),
            "item_remove": lambda f: services.remove_agenda_item(actor=user, item=self._item()),
        }

    def _item(self):
        return get_object_or_404(AgendaItem, pk=self.request.POST.get("item"), meeting=self.meeting)

    def _resolution(self):
        return get_object_or_404(Resolution, pk=self.request.POST.get("resolution"), meeting=self.meeting)
