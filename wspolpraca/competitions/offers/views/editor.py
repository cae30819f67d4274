"""The NGO's offer editor: my offers, start, overview, sections, autosave, figures,
attachments and partners. Business logic lives in services/offers.py."""

import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from wspolpraca.common import form_tokens
from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.competitions.enums import CallState, OfferState
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.kernel.offer_content import flatten
from wspolpraca.competitions.models import CallTask, CompetitionSettings, Offer, OfferAttachment, OfferPartner
from wspolpraca.competitions.offers import formal_check, selectors
from wspolpraca.competitions.offers import services as services
from wspolpraca.competitions.offers import update as offer_update
from wspolpraca.competitions.offers.checks import organisations_of, problems_for
from wspolpraca.competitions.offers.forms.editor import AttachmentForm, ConfirmForm, MyOffersFilterForm, StartOfferForm
from wspolpraca.competitions.offers.forms.section_fields import build_section, field_labels
from wspolpraca.competitions.offers.forms.sections import SECTION_TITLES, apply_row_operation, parse_section
from wspolpraca.competitions.offers.partners import pending_invitations
from wspolpraca.competitions.offers.rules import is_offer_member
from wspolpraca.organisations.enums import MembershipRole
from wspolpraca.organisations.models import Organisation
from wspolpraca.organisations.selectors import organisations_user_may_act_for

PAGE_SIZE = 20


_apply_errors = add_service_errors


def _optional_template(name):
    """A panel another module adds to the overview (e.g. submission), if it exists yet."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def _preparable_organisations(user):
    """Verified organisations where the user is an editor or representative."""
    return (
        organisations_user_may_act_for(user)
        .filter(memberships__user=user, memberships__role__in=[MembershipRole.EDITOR, MembershipRole.REPRESENTATIVE])
        .distinct()
        .order_by("name", "pk")
    )


# --- my offers --------------------------------------------------------------------------------


class MyOffersView(LoginRequiredMixin, TemplateView):
    template_name = "competitions/offers/mine.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        organisations = Organisation.objects.filter(memberships__user=user).order_by("name")  # one membership each
        form = MyOffersFilterForm(self.request.GET or None, organisations=organisations)
        filters = form.filters()
        offers = selectors.with_submitted_checksum(
            Offer.objects.visible_to_organisation_member(user).select_related(
                "call", "task", "organisation", "decision"
            )
        )
        if filters.get("q"):
            q = filters["q"].strip()
            offers = offers.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(call__title__icontains=q))
        if filters.get("state"):
            offers = offers.filter(state=filters["state"])
        if filters.get("organisation"):
            org = filters["organisation"]
            offers = offers.filter(
                Q(organisation=org) | Q(pk__in=OfferPartner.objects.filter(organisation=org).values("offer_id"))
            )
        offers = offers.order_by("-updated_at", "-pk")
        paginator = Paginator(offers, PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        lead_ids = set(organisations.values_list("pk", flat=True))
        selectors.mark_unsubmitted_changes(page)
        to_do = selectors.to_do_for(page, user)
        rows = [
            {"offer": offer, "is_lead": offer.organisation_id in lead_ids, "to_do": to_do.get(offer.pk, [])}
            for offer in page
        ]
        return super().get_context_data(
            form=form,
            page_obj=page,
            rows=rows,
            query=query.urlencode(),
            invitations=pending_invitations(user),
            **kwargs,
        )


# --- start ------------------------------------------------------------------------------------


class StartOfferView(LoginRequiredMixin, TemplateView):
    template_name = "competitions/offers/start.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        task_id = request.GET.get("task") or request.POST.get("task")
        if not str(task_id or "").isdecimal():  # not isdigit(): "²" is a digit int() refuses
            raise Http404
        self.task = get_object_or_404(CallTask.objects.select_related("call", "call__unit"), pk=task_id)
        if self.task.call.state == CallState.DRAFT and not request.user.has_perm(
            "competitions.view_call", self.task.call
        ):
            raise Http404
        self.organisations = _preparable_organisations(request.user)
        return super().dispatch(request, *args, **kwargs)

    def form(self):
        return StartOfferForm(
            self.request.POST if self.request.method == "POST" else None,
            organisations=self.organisations,
            initial={"organisation": self.organisations.first()} if self.organisations.count() == 1 else None,
        )

    def get_context_data(self, **kwargs):
        existing = (
            Offer.objects.filter(task=self.task, organisation__in=self.organisations)
            .exclude(state=OfferState.WITHDRAWN)
            .select_related("organisation")
        )
        kwargs.setdefault("form", self.form())
        return super().get_context_data(
            task=self.task,
            call=self.task.call,
            accepts=self.task.call.accepts_offers(),
            existing=existing,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.form()
        if not self.task.call.accepts_offers():
            messages.error(request, _("This call does not accept offers now."))
            return self.render_to_response(self.get_context_data(form=form))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            # A double click sends the form twice: the second gets the draft the first created.
            offer, created = form_tokens.create_once(
                token=form_tokens.posted_token(request),
                user=request.user,
                purpose="offers.start",
                create=lambda: services.create_offer(
                    actor=request.user, task=self.task, organisation=form.cleaned_data["organisation"]
                ),
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        except PermissionDenied:
            form.add_error("organisation", _("You may not prepare offers for this organisation."))
            return self.render_to_response(self.get_context_data(form=form))
        if created:
            messages.success(request, _("The offer draft has been created. Fill in the sections in any order."))
        return redirect("offers:edit", pk=offer.pk, section="II")


# --- an offer ---------------------------------------------------------------------------------


class OfferMixin(LoginRequiredMixin):
    """Loads the offer; 404 for those who may not see it."""

    requires_edit = False
    # Officers read submitted versions in the panel, never the organisation's working draft.
    officers_see_submitted_files = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # With partners, attachments and the submitted checksum: checks, rules, banner ask no more.
        offers = selectors.with_submitted_checksum(Offer.objects.select_related("call", "call__unit", "task"))
        self.offer = get_object_or_404(offers.select_related("organisation"), pk=kwargs["pk"])
        if not request.user.has_perm("competitions.view_offer", self.offer):
            raise Http404
        if not is_offer_member(request.user, self.offer):
            if not self.offer.versions.exists():
                raise Http404
            if not self.officers_see_submitted_files:
                return redirect("offers_panel:detail", self.offer.call_id, self.offer.pk)
        # During a call to correct, only the parts it names are editable (the rest read-only);
        # during an update after a reduced award, only the schedule, results and costs.
        self.may_edit = (
            services.may_edit(request.user, self.offer)
            and formal_check.part_editable(self.offer, self.editable_part())
            and offer_update.part_editable(self.offer, self.editable_part())
        )
        if self.requires_edit and not self.may_edit:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def editable_part(self):
        """The part of the offer this page changes (None: the offer as a whole)."""
        return None

    def get(self, request, *args, **kwargs):
        # The URL's arguments are on self.kwargs; the context names its own keys.
        return self.render_to_response(self.get_context_data())

    def offer_context(self):
        call = self.offer.call
        return {
            "offer": self.offer,
            "call": call,
            "accepts": call.accepts_offers(),
            "may_edit": self.may_edit,
            "section_titles": SECTION_TITLES.items(),
            "formal_check": formal_check.check_of(self.offer),
            "correctable_parts": dict(formal_check.CORRECTABLE_PARTS),
        }


class OfferDetailView(OfferMixin, TemplateView):
    template_name = "competitions/offers/detail.html"

    def get_context_data(self, **kwargs):
        offer = self.offer
        figures = offer_content.compute(offer.content, simplified=offer.call.is_small_grant)
        problems = problems_for(offer, figures)
        sections = []
        for key, title in SECTION_TITLES.items():
            count = sum(1 for p in problems if p.section == key)
            sections.append(
                {
                    "key": key,
                    "title": title,
                    "problems": count,
                    "started": key in (offer.section_revisions or {}) or key in ("I", "II"),
                }
            )
        user = self.request.user
        return super().get_context_data(
            **self.offer_context(),
            sections=sections,
            figures=figures,
            problems=problems,
            partners=offer.partners.select_related("organisation"),
            attachments=offer.attachments.select_related("required_attachment"),
            may_view_attachments=user.has_perm("competitions.view_offer_attachments", offer),
            submission_panel=_optional_template("competitions/offers/submit_panel.html"),
            versions_panel=_optional_template("competitions/offers/versions_panel.html"),
            award_update=offer_update.update_of(offer),
            award_panel=_optional_template("competitions/agreements/offer_award_panel.html"),
            **kwargs,
        )


class SectionMixin(OfferMixin):
    def dispatch(self, request, *args, **kwargs):
        self.section = kwargs["section"]
        if self.section not in offer_content.SECTIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def editable_part(self):
        return self.section

    def parse(self, post):
        years = offer_content.task_years(self.offer.content)
        if self.section == "III":
            years = offer_content.task_years({"III": {"start": post.get("III-start"), "end": post.get("III-end")}})
        return parse_section(
            self.section,
            post,
            years=years,
            organisations=organisations_of(self.offer),
            simplified=self.offer.call.is_small_grant,
        )

    def with_section(self, data):
        """The offer's content with this section replaced (not saved)."""
        content = copy.deepcopy(self.offer.content or {})
        content[self.section] = data
        return content

    def figures_and_problems(self, content):
        offer = copy.copy(self.offer)
        offer.content = content
        figures = offer_content.compute(content, simplified=offer.call.is_small_grant)
        problems = [p for p in problems_for(offer, figures) if p.section == self.section]
        return figures, problems


class SectionEditView(SectionMixin, TemplateView):
    template_name = "competitions/offers/section.html"

    def get_context_data(self, *, data=None, show_problems=None, conflict=None, focus=None, unsaved=False, **kwargs):
        offer = self.offer
        stored = (offer.content or {}).get(self.section) or {}
        data = stored if data is None else data
        content = self.with_section(data)
        figures, problems = self.figures_and_problems(content)
        if show_problems is None:
            show_problems = self.section in (offer.section_revisions or {})
        organisations = organisations_of(offer)
        years = figures.years
        section_context = build_section(
            self.section,
            data,
            offer=offer,
            organisations=organisations,
            problems=problems if show_problems else [],
            figures=figures,
            years=years,
        )
        revision = int((offer.section_revisions or {}).get(self.section, 0))
        context = super().get_context_data(
            **self.offer_context(),
            section=self.section,
            section_title=SECTION_TITLES[self.section],
            s=section_context,
            figures=figures,
            problems=problems if show_problems else [],
            live_problems=problems,
            base_revision=conflict.revision if conflict else revision,
            base_digest=services.section_digest(conflict.theirs if conflict else stored),
            conflict=conflict,
            theirs=self.their_version(conflict, organisations, figures) if conflict else None,
            readonly=not self.may_edit,
            focus=focus,
            unsaved=unsaved,
            template_for_section=f"competitions/offers/sections/{self.section}.html",
            storage_key=f"offer-{offer.pk}-{self.section}",
            **kwargs,
        )
        return context

    def their_version(self, conflict, organisations, figures):
        """(label, field id, value) of the other person's saved section."""
        labels = field_labels(
            build_section(
                self.section,
                conflict.theirs,
                offer=self.offer,
                organisations=organisations,
                problems=[],
                figures=figures,
                years=figures.years,
            )
        )
        return [(labels.get(fid, fid), fid, value) for fid, value in flatten(self.section, conflict.theirs)]

    def post(self, request, *args, **kwargs):
        if not self.may_edit:
            raise PermissionDenied
        data = self.parse(request.POST)
        add, remove = request.POST.get("add_row"), request.POST.get("remove_row")
        if add or remove:
            focus = apply_row_operation(
                self.section, data, add=add, remove=remove, simplified=self.offer.call.is_small_grant
            )
            return self.render_to_response(
                self.get_context_data(data=data, show_problems=False, focus=focus, unsaved=True)
            )
        try:
            self.offer = services.save_offer_section(
                actor=request.user,
                offer=self.offer,
                section=self.section,
                data=data,
                base_revision=request.POST.get("base_revision") or 0,
                base_digest=request.POST.get("base_digest") or None,
            )
        except services.SectionConflict as conflict:
            messages.warning(
                request,
                _(
                    "Someone else saved this section after you opened it. Your text was NOT saved and is "
                    "kept below; their version is shown under the form. Save again to keep yours, or load theirs."
                ),
            )
            return self.render_to_response(self.get_context_data(data=data, conflict=conflict, unsaved=True))
        messages.success(request, _("Section %(section)s saved.") % {"section": self.section})
        if not self.offer.call.accepts_offers():
            messages.warning(request, _("The call no longer accepts offers; your draft is kept."))
        return redirect(reverse("offers:edit", args=[self.offer.pk, self.section]) + "#section-problems")


class AutosaveView(SectionMixin, View):
    """htmx: save as the user types; returns a short status and the new base revision."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponse(
                _("Your session has expired. Log in again: your text is kept in this browser."), status=401
            )
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        from django.template.loader import render_to_string

        if not self.may_edit:
            raise PermissionDenied
        data = self.parse(request.POST)
        try:
            offer = services.save_offer_section(
                actor=request.user,
                offer=self.offer,
                section=self.section,
                data=data,
                base_revision=request.POST.get("base_revision") or 0,
                base_digest=request.POST.get("base_digest") or None,
            )
        except services.SectionConflict:
            html = render_to_string("competitions/offers/includes/autosave_status.html", {"conflict": True}, request)
            return HttpResponse(html)
        html = render_to_string(
            "competitions/offers/includes/autosave_status.html",
            {
                "saved_at": timezone.localtime(offer.updated_at),
                "base_revision": int((offer.section_revisions or {}).get(self.section, 0)),
                "base_digest": services.section_digest((offer.content or {}).get(self.section) or {}),
                "late": not offer.call.accepts_offers(),
            },
            request,
        )
        return HttpResponse(html)

    def get(self, request, *args, **kwargs):
        return HttpResponse(status=405)


class FiguresView(SectionMixin, View):
    """htmx: the server recomputes the totals and the section's problems from the typed input."""

    def post(self, request, *args, **kwargs):
        from django.template.loader import render_to_string

        data = self.parse(request.POST)
        figures, problems = self.figures_and_problems(self.with_section(data))
        html = render_to_string(
            "competitions/offers/includes/figures.html",
            {
                "figures": figures,
                "live_problems": problems,
                "section": self.section,
                "offer": self.offer,
                "oob": True,
                "line_values": _line_values(figures),
            },
            request,
        )
        return HttpResponse(html)

    def get(self, request, *args, **kwargs):
        return HttpResponse(status=405)


def _line_values(figures):
    lines = [line for _name, rows in figures.actions for line in rows] + figures.admin_lines
    values = [(line.key, line.value) for line in lines]
    values += [(f"V-actions-{a}", total) for a, total in enumerate(figures.action_totals)]
    return values


# --- attachments --------------------------------------------------------------------------------


class AttachmentsView(OfferMixin, TemplateView):
    template_name = "competitions/offers/attachments.html"

    def editable_part(self):
        return "attachments"

    def form(self):
        max_mb = CompetitionSettings.load().attachment_max_mb
        if self.request.method == "POST":
            return AttachmentForm(self.request.POST, self.request.FILES, offer=self.offer, max_mb=max_mb)
        return AttachmentForm(offer=self.offer, max_mb=max_mb)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        attached = set(self.offer.attachments.values_list("required_attachment_id", flat=True))
        return super().get_context_data(
            **self.offer_context(),
            attachments=self.offer.attachments.select_related("required_attachment", "uploaded_by"),
            requirements=[(r, r.pk in attached) for r in self.offer.call.required_attachments.all()],
            may_view_attachments=self.request.user.has_perm("competitions.view_offer_attachments", self.offer),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.may_edit:
            raise PermissionDenied
        form = self.form()
        if form.is_valid():
            try:
                services.add_attachment(
                    actor=request.user,
                    offer=self.offer,
                    uploaded=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    required_attachment=form.cleaned_data["required_attachment"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The attachment has been added."))
                return redirect("offers:attachments", pk=self.offer.pk)
        return self.render_to_response(self.get_context_data(form=form))


class AttachmentDownloadView(OfferMixin, View):
    officers_see_submitted_files = True  # the panel's submitted version links its attachments here

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("competitions.view_offer_attachments", self.offer):
            raise Http404
        member = is_offer_member(request.user, self.offer)
        # Members download the draft's files; officers any file a submitted version lists,
        # even one removed from the draft since.
        files = OfferAttachment.objects if member else OfferAttachment.all_objects
        attachment = get_object_or_404(files, pk=kwargs["attachment"], offer=self.offer)
        if not member and not any(
            entry.get("sha256") == attachment.sha256
            for version in self.offer.versions.all()
            for entry in version.attachments or []
        ):
            raise Http404  # officers read the submitted versions' files, not the working draft's
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        name = attachment.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
        response = FileResponse(handle, as_attachment=True, filename=name, content_type=attachment.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ConfirmRemoveView(OfferMixin, TemplateView):
    """Asks for confirmation, then removes one object of the offer (an attachment, a partner)."""

    requires_edit = True
    model = None
    url_kwarg = ""  # also the object's name in the template
    success_url_name = ""
    success_message = ""

    def target(self):
        return get_object_or_404(self.model.objects.all(), pk=self.kwargs[self.url_kwarg], offer=self.offer)

    def remove(self, obj):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ConfirmForm())
        return super().get_context_data(**self.offer_context(), **{self.url_kwarg: self.target()}, **kwargs)

    def post(self, request, *args, **kwargs):
        obj = self.target()
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        self.remove(obj)
        messages.success(request, self.success_message)
        return redirect(self.success_url_name, pk=self.offer.pk)


class AttachmentRemoveView(ConfirmRemoveView):
    template_name = "competitions/offers/attachment_remove.html"

    def editable_part(self):
        return "attachments"

    model = OfferAttachment
    url_kwarg = "attachment"
    success_url_name = "offers:attachments"
    success_message = gettext_lazy("The attachment has been removed.")

    def remove(self, obj):
        services.remove_attachment(actor=self.request.user, attachment=obj)
