"""Officers' pages for the offers of one call: the list with totals per task, exports, one offer.

Officers read the current submitted version, never the live draft the organisation may be
editing before the deadline.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.selectors import activity_for
from wspolpraca.common.services import log_action
from wspolpraca.competitions import exports
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.models import Call, Offer, OfferAttachment
from wspolpraca.competitions.offer_content import share
from wspolpraca.competitions.services.submission import version_context

PAGE_SIZE = 50


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    task = forms.TypedChoiceField(label=gettext_lazy("Task"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[
            ("", gettext_lazy("submitted and withdrawn")),
            (OfferState.SUBMITTED, OfferState.SUBMITTED.label),
            (OfferState.WITHDRAWN, OfferState.WITHDRAWN.label),
        ],
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [("", _("all tasks"))] + [
            (task.pk, f"{task.number}. {task.title}") for task in call.tasks.order_by("number")
        ]

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"task": data.get("task"), "state": data.get("state") or None, "q": (data.get("q") or "").strip()}


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
        stamp = f"{timezone.localdate():%Y-%m-%d}"
        if self.format == "csv":
            body, count = exports.to_csv(offers)
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        else:
            body, count = exports.to_xlsx(offers, title=self.call.title)
            response = HttpResponse(
                body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        response["Content-Disposition"] = f'attachment; filename="oferty-{self.call.slug}-{stamp}.{self.format}"'
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
        offer = get_object_or_404(
            Offer.objects.select_related("call", "task", "organisation"),
            pk=self.kwargs["pk"],
            call=self.call,
            state__in=exports.LISTED_STATES,
        )
        if not self.request.user.has_perm("competitions.view_offer", offer):
            raise PermissionDenied
        version = offer.versions.filter(is_current=True).select_related("submitted_by").first()
        if version is None:
            raise Http404
        version.offer = offer
        context = version_context(version)
        context.pop("call")
        return super().get_context_data(
            **context,
            versions=offer.versions.select_related("submitted_by").order_by("-number"),
            attachments=self.version_attachments(version, offer),
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
