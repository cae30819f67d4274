"""The public pages (/konsultacje/): the list, a consultation with its draft, and the comment form."""

import csv
import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from icalendar import Calendar, Event

from wspolpraca.common.client_ip import client_ip
from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.models import SiteSettings
from wspolpraca.common.pdf import pdf_response
from wspolpraca.common.ratelimit import address_key, take_attempt
from wspolpraca.consultations import opinions, participation, reports, selectors, services
from wspolpraca.consultations.enums import CommentState, ConsultationState
from wspolpraca.consultations.forms import (
    HONEYPOT,
    AlertForm,
    CommentForm,
    PublicFilterForm,
    RegistrationForm,
    ResidentCommentForm,
)
from wspolpraca.consultations.models import Comment, Consultation, ConsultationAlert, Meeting

PAGE_SIZE = 20


class PublicConsultationMixin:
    @cached_property
    def consultation(self):
        consultation = get_object_or_404(Consultation, pk=self.kwargs["pk"])
        if not self.request.user.has_perm("consultations.view_consultation", consultation):
            raise Http404
        return services.refresh_if_due(consultation)


class ListView(TemplateView):
    template_name = "consultations/list.html"

    def get_context_data(self, **kwargs):
        form = PublicFilterForm(self.request.GET or None)
        consultations = selectors.public_consultations(**form.filters()).prefetch_related("areas")
        page = Paginator(consultations, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(form=form, page_obj=page, query=query.urlencode(), **kwargs)


class DetailView(PublicConsultationMixin, TemplateView):
    template_name = "consultations/detail.html"

    def get_context_data(self, **kwargs):
        consultation = self.consultation
        version = services.current_version(consultation)
        user = self.request.user
        public = selectors.comments_are_public(consultation)
        now = timezone.now()
        meetings = list(selectors.meetings_of(consultation))
        for meeting in meetings:
            meeting.ahead = meeting.starts_at > now and consultation.state != ConsultationState.CANCELLED
            meeting.full = meeting.places is not None and meeting.registered >= meeting.places
        return super().get_context_data(
            consultation=consultation,
            version=version,
            units=selectors.units_of(version),
            may_comment=user.has_perm("consultations.comment", consultation) and consultation.is_open,
            resident_form=(
                consultation.is_open
                and not user.is_authenticated
                and participation.takes_resident_comments(consultation)
            ),
            meetings=meetings,
            registration_form=RegistrationForm(),
            comments=selectors.public_comments(consultation) if public else None,
            own_comments=selectors.own_comments(user, consultation),
            opinion_requests=opinions.opinion_requests_of(consultation),
            reports=selectors.reports_of(consultation),
            # Answers are published with the first report.
            show_answers=consultation.state == ConsultationState.REPORT_PUBLISHED,
            **kwargs,
        )


class CommentView(LoginRequiredMixin, PublicConsultationMixin, FormView):
    """A new comment (on a unit with ?jednostka=<pk>, or on the whole) or the person's own draft.
    Refused with a clear message after the close, the typed text kept on the page."""

    template_name = "consultations/comment.html"
    form_class = CommentForm

    @cached_property
    def comment(self):
        if "comment_pk" not in self.kwargs:
            return None
        return get_object_or_404(
            Comment, pk=self.kwargs["comment_pk"], consultation=self.consultation, author=self.request.user
        )

    @cached_property
    def units(self):
        return selectors.units_of(services.current_version(self.consultation))

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("consultations.comment", self.consultation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user, "units": self.units}
        if self.comment is not None:
            kwargs["instance"] = self.comment
        return kwargs

    def get_initial(self):
        wanted = self.request.GET.get("jednostka", "")
        unit = self.units.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 10 else None
        if unit is None:
            return {}
        return {"unit": unit, "current_wording": unit.text}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            comment=self.comment,
            is_open=self.consultation.is_open,
            sent=self.comment is not None and self.comment.state == CommentState.SENT,
            **kwargs,
        )

    def form_valid(self, form):
        send = "send" in self.request.POST
        data = {name: form.cleaned_data.get(name) for name in services.COMMENT_FIELDS}
        data["current_wording"] = data["current_wording"] or ""
        data["proposed_wording"] = data["proposed_wording"] or ""
        try:
            services.save_comment(
                actor=self.request.user, consultation=self.consultation, data=data, comment=self.comment, send=send
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if send:
            messages.success(self.request, _("Your comment has been sent. Thank you."))
        else:
            messages.success(self.request, _("Your comment has been saved as a draft; send it before the close."))
        return redirect("consultations:detail", pk=self.consultation.pk)


class ReportMixin(PublicConsultationMixin):
    @cached_property
    def report(self):
        return get_object_or_404(self.consultation.reports, number=self.kwargs["number"])


class ReportView(ReportMixin, TemplateView):
    """A published report: public like its consultation."""

    template_name = "consultations/report.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**reports.report_context(self.report), **kwargs)


class ReportPdfView(ReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        # The report is the legal record: in Polish whatever the page's language.
        with translation.override("pl"):
            context = reports.report_context(self.report)
        return pdf_response(
            "consultations/pdf/report.html",
            context,
            filename=f"raport-{self.report.number}-konsultacje-{self.consultation.pk}.pdf",
            request=request,
            inline=True,
        )


class ResidentCommentView(PublicConsultationMixin, FormView):
    """A resident without an account comments (when the consultation invites residents): name
    and e-mail, a honeypot, a limit per client address, and a link e-mailed to confirm."""

    template_name = "consultations/resident_comment.html"
    form_class = ResidentCommentForm

    @cached_property
    def units(self):
        return selectors.units_of(services.current_version(self.consultation))

    def dispatch(self, request, *args, **kwargs):
        if not participation.takes_resident_comments(self.consultation):
            raise Http404
        if request.user.is_authenticated:  # a person with an account comments as themselves
            return redirect("consultations:comment_add", pk=self.consultation.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": self.units}

    def get_initial(self):
        wanted = self.request.GET.get("jednostka", "")
        unit = self.units.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 10 else None
        return {"unit": unit, "current_wording": unit.text} if unit else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation, is_open=self.consultation.is_open, honeypot=HONEYPOT, **kwargs
        )

    def form_valid(self, form):
        done = _("Thank you. We have sent you an e-mail: follow its link to confirm your comment.")
        if self.request.POST.get(HONEYPOT):
            # A bot: answer as if all went well, keep nothing.
            messages.success(self.request, done)
            return redirect("consultations:detail", pk=self.consultation.pk)
        try:
            participation.submit_resident_comment(
                consultation=self.consultation, data=form.cleaned_data, ip=client_ip(self.request)
            )
        except participation.CommentRateLimited:
            form.add_error(None, _("Too many comments from your address in the last hour. Please try again later."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, done)
        return redirect("consultations:detail", pk=self.consultation.pk)


class CommentConfirmView(TemplateView):
    """The link e-mailed to a resident: GET shows a button (mail scanners follow links), POST confirms."""

    template_name = "consultations/confirm.html"

    def post(self, request, token):
        comment = participation.confirm_resident_comment(token)
        if comment is None:
            messages.error(request, _("This link is not valid or has expired."))
            return redirect("consultations:list")
        messages.success(request, _("Your comment has been confirmed and counts in the consultation. Thank you."))
        return redirect("consultations:detail", pk=comment.consultation_id)


class MeetingRegisterView(PublicConsultationMixin, FormView):
    template_name = "consultations/meeting_register.html"
    form_class = RegistrationForm

    @cached_property
    def meeting(self):
        return get_object_or_404(Meeting, pk=self.kwargs["meeting_pk"], consultation=self.consultation)

    def get_initial(self):
        user = self.request.user
        if user.is_authenticated:
            return {"name": user.get_full_name(), "email": user.email}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            meeting=self.meeting,
            places_left=participation.places_left(self.meeting),
            honeypot=HONEYPOT,
            **kwargs,
        )

    def form_valid(self, form):
        done = _("You are registered for the meeting.")
        if self.request.POST.get(HONEYPOT):
            messages.success(self.request, done)
            return redirect("consultations:detail", pk=self.consultation.pk)
        if not take_attempt(address_key("consultations.meetings", client_ip(self.request)), limit=10):
            form.add_error(
                None, _("Too many registrations from your address in the last hour. Please try again later.")
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        try:
            participation.register_for_meeting(meeting=self.meeting, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, done)
        return redirect("consultations:detail", pk=self.consultation.pk)


class CommentsCsvView(PublicConsultationMixin, View):
    """Open data: the consultation's public comments as CSV (never an e-mail address)."""

    def get(self, request, pk):
        consultation = self.consultation
        if not selectors.comments_are_public(consultation):
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="konsultacja-{consultation.pk}-uwagi.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            [
                _("No."),
                _("Version"),
                _("Unit"),
                _("Author"),
                _("Channel"),
                _("Date of receipt"),
                _("Current wording"),
                _("Proposed wording"),
                _("Justification"),
            ]
        )
        for number, comment in enumerate(selectors.public_comments(consultation), start=1):
            if comment.hidden_at:  # moderated: counted, never its text or author
                texts = ["", "", "", _("Hidden by the moderator")]
            else:
                texts = [
                    comment.public_name,
                    comment.current_wording,
                    comment.proposed_wording,
                    comment.justification,
                ]
            writer.writerow(
                [
                    number,
                    comment.version.number,
                    comment.unit.label if comment.unit else _("the whole draft"),
                    _csv_safe(texts[0]),
                    comment.get_channel_display(),
                    (comment.received_on or timezone.localdate(comment.sent_at)).isoformat(),
                    *(_csv_safe(text) for text in texts[1:]),
                ]
            )
        return response


def _csv_safe(value):
    """No formula injection in spreadsheets: a cell starting with =, +, - or @ gets a quote."""
    value = value or ""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


class ConsultationsFeed(Feed):
    """Atom feed of announced consultations, the newest first."""

    feed_type = Atom1Feed

    def title(self):
        return _("Consultations of %(centre)s") % {"centre": SiteSettings.load().centre_name}

    def subtitle(self):
        return _("Drafts of the city's acts consulted with organisations and residents.")

    def link(self):
        return reverse("consultations:list")

    def feed_url(self):
        return reverse("consultations:feed_atom")

    def items(self):
        return selectors.feed_consultations()

    def item_title(self, consultation):
        return consultation.title

    def item_description(self, consultation):
        start = date_format(timezone.localtime(consultation.starts_at), "d.m.Y H:i")
        end = date_format(timezone.localtime(consultation.ends_at), "d.m.Y H:i")
        return "\n".join(
            [
                consultation.get_act_kind_display(),
                f"{_('Comments')}: {start} – {end}",
                consultation.get_state_display(),
            ]
        )

    def item_link(self, consultation):
        return consultation.get_absolute_url()

    def item_guid(self, consultation):
        return f"{settings.SITE_URL}{consultation.get_absolute_url()}"

    item_guid_is_permalink = False

    def item_pubdate(self, consultation):
        return consultation.announced_at

    def item_updateddate(self, consultation):
        return consultation.updated_at


class CalendarView(View):
    """The periods of public consultations as an iCalendar file (one event each, start to end)."""

    def get(self, request):
        calendar = Calendar()
        calendar.add("prodid", "-//Wspolpraca//Konsultacje//PL")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("Consultations"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
        stamp = timezone.now().astimezone(datetime.UTC)
        for consultation in selectors.calendar_consultations():
            url = f"{settings.SITE_URL}{consultation.get_absolute_url()}"
            item = Event()
            item.add("uid", f"consultation-{consultation.pk}@{host}")
            item.add("dtstamp", stamp)
            item.add("dtstart", consultation.starts_at.astimezone(datetime.UTC))
            item.add("dtend", consultation.ends_at.astimezone(datetime.UTC))
            item.add("summary", _("Consultation: %(title)s") % {"title": consultation.title})
            item.add("description", f"{consultation.get_act_kind_display()}\n{url}")
            item.add("url", url)
            if consultation.state == ConsultationState.CANCELLED:
                item.add("status", "CANCELLED")
            calendar.add_component(item)
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="konsultacje.ics"'
        return response


class AlertView(LoginRequiredMixin, FormView):
    """The person's e-mail alerts about consultations that open: add one (any kind or one kind), remove."""

    template_name = "consultations/alerts.html"
    form_class = AlertForm

    def get_context_data(self, **kwargs):
        alerts = ConsultationAlert.objects.filter(user=self.request.user).prefetch_related("areas").order_by("act_kind")
        return super().get_context_data(alerts=alerts, **kwargs)

    def post(self, request, *args, **kwargs):
        remove = request.POST.get("remove", "")
        if remove:
            alert = get_object_or_404(ConsultationAlert, pk=remove if remove.isdigit() else 0, user=request.user)
            participation.delete_alert(alert=alert, actor=request.user)
            messages.success(request, _("The alert has been removed."))
            return redirect("consultations:alerts")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        participation.save_alert(
            user=self.request.user, act_kind=form.cleaned_data["act_kind"], areas=form.cleaned_data["areas"]
        )
        messages.success(self.request, _("Saved: we will e-mail you when such a consultation opens."))
        return redirect("consultations:alerts")


class UnsubscribeView(TemplateView):
    """The link in an alert: GET asks, POST removes the alert (no sign-in needed)."""

    template_name = "consultations/unsubscribe.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(alert=participation.alert_from_token(self.kwargs["token"]), **kwargs)

    def post(self, request, token):
        alert = participation.alert_from_token(token)
        if alert is not None:
            participation.delete_alert(alert=alert, actor=None)
        messages.success(request, _("You will no longer receive these alerts."))
        return redirect("consultations:list")
