"""Officers' pages for the offers of one call: the list with totals per task, exports, one offer.

Officers read the current submitted version, never the live draft the organisation may be
editing before the deadline.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.selectors import activity_for
from wspolpraca.common.services import log_action
from wspolpraca.common.spreadsheets import csv_response, xlsx_response
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.kernel.offer_content import share
from wspolpraca.competitions.models import Call, Offer, OfferAttachment
from wspolpraca.competitions.offers import exports, formal_check, formal_evidence, version_pdfs
from wspolpraca.competitions.offers.documents import offer_filename, version_context
from wspolpraca.competitions.offers.forms.panel import ChecklistItemForm, FormalCheckForm, OfferFilterForm

PAGE_SIZE = 50


class CallOffersMixin(PermissionRequiredMixin):
    """The call from the URL; staff who do not manage it are refused (403), as in the call's panel."""

    permission_required = ("accounts.use_panel", "competitions.list_offers_of_call")

    def dispatch(self, request, *args, **kwargs):
        self.call = get_object_or_404(Call.objects.select_related("unit"), pk=kwargs["call_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.call

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, **kwargs)

    def listed_offer(self, permission):
        """The submitted or withdrawn offer of the URL in this call; 403 without `permission` on it."""
        offer = get_object_or_404(
            Offer.objects.select_related("call", "task", "organisation"),
            pk=self.kwargs["pk"],
            call=self.call,
            state__in=exports.LISTED_STATES,
        )
        if not self.request.user.has_perm(permission, offer):
            raise PermissionDenied
        return offer

    def filtered(self):
        form = OfferFilterForm(self.request.GET or None, call=self.call)
        return form, exports.offers_of_call(self.call, **form.filters())


class OfferListView(CallOffersMixin, TemplateView):
    template_name = "competitions/panel/call_offers.html"

    def get_context_data(self, **kwargs):
        form, offers = self.filtered()
        page = Paginator(offers, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        rows = [
            {
                "offer": offer,
                "partners": [p.organisation for p in offer.partners.all()],
                "own_share": share(offer.own_contribution, offer.total_cost),
                "formal_check": formal_check.check_of(offer),
            }
            for offer in page.object_list
        ]
        return super().get_context_data(
            form=form,
            page_obj=page,
            rows=rows,
            query=query.urlencode(),
            drafts=exports.drafts_in_progress(self.call),
            totals=exports.task_totals(self.call),
            **kwargs,
        )


class OfferExportView(CallOffersMixin, View):
    format = "xlsx"

    def get(self, request, *args, **kwargs):
        _form, offers = self.filtered()
        filename = f"oferty-{self.call.slug}-{timezone.localdate():%Y-%m-%d}.{self.format}"
        if self.format == "csv":
            rows = [exports.row(offer) for offer in offers]
            count = len(rows)
            response = csv_response(filename, exports.columns(), rows)
        else:
            workbook, count = exports.to_xlsx(offers, title=self.call.title)
            response = xlsx_response(filename, workbook)
        log_action(
            actor=request.user,
            action="offer.exported",
            obj=self.call,
            data={"format": self.format, "rows": count, "filters": request.GET.urlencode()},
        )
        return response


class OfferDetailView(CallOffersMixin, TemplateView):
    """The current submitted version of one offer, read-only, with its documents."""

    template_name = "competitions/panel/call_offers_detail.html"

    def get_context_data(self, **kwargs):
        offer = self.listed_offer("competitions.view_offer")
        version = offer.versions.filter(is_current=True).select_related("submitted_by").first()
        if version is None:
            raise Http404
        version.offer = offer
        context = version_context(version)
        context.pop("call")
        versions = list(offer.versions.select_related("submitted_by").order_by("-number"))
        for each in versions:
            each.offer = offer
            each.pdfs = version_pdfs.offer_pdfs(each)
        return super().get_context_data(
            **context,
            versions=versions,
            may_render_again=self.request.user.has_perm("competitions.render_offer_pdf_again", offer),
            attachments=self.version_attachments(version, offer),
            formal_check=formal_check.check_of(offer),
            correctable_parts=dict(formal_check.CORRECTABLE_PARTS),
            may_check=formal_check.may_check(self.request.user, offer),
            withdrawal=activity_for(offer).filter(action="offer.withdrawn").first()
            if offer.state == OfferState.WITHDRAWN
            else None,
            **kwargs,
        )

    @staticmethod
    def version_attachments(version, offer):
        """The version's files, each linked to the stored file with the same SHA-256 (if still there)."""
        stored = {a.sha256: a.pk for a in OfferAttachment.all_objects.filter(offer=offer)}
        return [{**entry, "pk": stored.get(entry.get("sha256"))} for entry in version.attachments or []]


# --- a filed version's PDF rendered again -------------------------------------------------------


class OfferVersionMixin(CallOffersMixin):
    """One submitted version of an offer of the call, for officers who may render it again."""

    def version(self):
        offer = self.listed_offer("competitions.render_offer_pdf_again")
        version = get_object_or_404(offer.versions.select_related("submitted_by"), number=self.kwargs["number"])
        version.offer = offer
        return version


class OfferPdfRenderAgainView(OfferVersionMixin, TemplateView):
    """GET asks to confirm, POST renders the version's offer again and stores it beside the original."""

    template_name = "competitions/panel/offer_pdf_render_again.html"

    def get_context_data(self, **kwargs):
        version = self.version()
        return super().get_context_data(offer=version.offer, version=version, pdfs=version_pdfs.offer_pdfs(version))

    def post(self, request, *args, **kwargs):
        version = self.version()
        version_pdfs.rerender_offer_pdf(actor=request.user, version=version)
        messages.success(
            request,
            _("Version %(number)s was rendered again; the original PDF is kept unchanged.")
            % {"number": version.number},
        )
        return redirect("offers_panel:detail", self.call.pk, version.offer.pk)


class OfferPdfRenderedView(OfferVersionMixin, View):
    """A later rendering of a version's offer, as a download."""

    def get(self, request, *args, **kwargs):
        version = self.version()
        filename = offer_filename(version).replace(".pdf", f"-{kwargs['stamp']}.pdf")
        response = version_pdfs.rendered_response(version, kwargs["stamp"], filename)
        if response is None:
            raise Http404
        return response


# --- the formal check --------------------------------------------------------------------------


class ChecklistView(CallOffersMixin, TemplateView):
    """The call's formal checklist; officers who manage the call add items."""

    template_name = "competitions/formal_check/checklist.html"
    permission_required = ("accounts.use_panel", "competitions.check_offers_formally")

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            items=formal_check.checklist(self.call), form=form or ChecklistItemForm(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = ChecklistItemForm(request.POST)
        if form.is_valid():
            try:
                formal_check.add_check_item(actor=request.user, call=self.call, label=form.cleaned_data["label"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The requirement was added to the checklist."))
                return redirect("offers_panel:checklist", self.call.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class FormalCheckView(CallOffersMixin, TemplateView):
    """Record the formal check of one submitted offer, after the deadline."""

    template_name = "competitions/formal_check/form.html"
    permission_required = ("accounts.use_panel", "competitions.check_offers_formally")

    def get_offer(self):
        offer = get_object_or_404(
            Offer.objects.select_related("call", "task", "organisation"),
            pk=self.kwargs["pk"],
            call=self.call,
            state__in=exports.LISTED_STATES,
        )
        if not formal_check.may_check(self.request.user, offer):
            raise PermissionDenied(_("The formal check starts after the deadline, for submitted offers only."))
        return offer

    def initial(self, offer, evidence):
        """The recorded results; before the first check (or after a correction, awaiting a new
        one) the items the system verified are pre-filled from its evidence. Only pre-filled:
        nothing is recorded until the officer records the check."""
        check = formal_check.check_of(offer)
        data = {}
        if check is not None:
            data = {
                "outcome": check.status,
                "reason": check.reason,
                "sections": check.correction_sections,
                "message": check.correction_message,
            }
            data.update({f"item_{pk}": "yes" if ok else "no" for pk, ok in (check.results or {}).items()})
        if check is None or check.corrected_at is not None:
            data.update({f"item_{pk}": "yes" if found.met else "no" for pk, found in evidence.items()})
        return data

    def get_context_data(self, form=None, offer=None, **kwargs):
        offer = offer or self.get_offer()
        items = formal_check.checklist(self.call)
        version = offer.versions.filter(is_current=True).select_related("submitted_by").first()
        evidence = formal_evidence.known_items(offer, items, version=version)
        form = form or FormalCheckForm(initial=self.initial(offer, evidence), items=items, evidence=evidence)
        document = {}
        if version is not None:
            version.offer = offer
            document = version_context(version)
            document.pop("call")
            document.pop("offer")
        return super().get_context_data(
            **document,
            offer=offer,
            form=form,
            item_fields=[form[f"item_{item.pk}"] for item in items],
            evidence=evidence,
            formal_check=formal_check.check_of(offer),
            correctable_parts=dict(formal_check.CORRECTABLE_PARTS),
            correction_deadline=formal_check.correction_deadline(self.call),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        offer = self.get_offer()
        items = formal_check.checklist(self.call)
        form = FormalCheckForm(request.POST, items=items, evidence=formal_evidence.known_items(offer, items))
        if form.is_valid():
            data = form.cleaned_data
            try:
                formal_check.record_formal_check(
                    actor=request.user,
                    offer=offer,
                    results=form.results(),
                    outcome=data["outcome"],
                    reason=data.get("reason", ""),
                    sections=data.get("sections") or [],
                    message=data.get("message", ""),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("The formal check was recorded and the organisation e-mailed."))
                return redirect("offers_panel:detail", self.call.pk, offer.pk)
        return self.render_to_response(self.get_context_data(form=form, offer=offer), status=400)
