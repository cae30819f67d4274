"""Officers' pages of the small-grant procedure: the work list, one offer's procedure
(publication, moderation, consideration, decision) and the competition settings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.dates import working_days_between
from wspolpraca.common.forms.errors import add_service_errors as _apply_errors
from wspolpraca.common.selectors import labelled_activity
from wspolpraca.competitions.enums import ACTION_LABELS, CommentStatus, SmallGrantStage
from wspolpraca.competitions.models import (
    CompetitionSettings,
    OfferVersion,
    PlannedGrantsBudget,
    SmallGrantComment,
    SmallGrantReview,
)
from wspolpraca.competitions.small_grants import decision, selectors
from wspolpraca.competitions.small_grants import forms as forms
from wspolpraca.competitions.small_grants import services as services
from wspolpraca.competitions.small_grants.views.public import offer_summary, task_days

PAGE_SIZE = 25


class SmallGrantsPanelMixin(PermissionRequiredMixin):
    """Officers who run calls, administrators and the executive (who decides)."""

    permission_required = "accounts.use_panel"

    def has_permission(self):
        user = self.request.user
        return super().has_permission() and (
            user.has_perm("competitions.list_calls_in_panel") or user.has_perm("competitions.decide_small_grant")
        )


class ListView(SmallGrantsPanelMixin, TemplateView):
    template_name = "competitions/small_grants/panel/list.html"

    def get_context_data(self, **kwargs):
        reviews = selectors.reviews_managed_by(self.request.user)
        years = sorted(set(reviews.values_list("offer__call__year", flat=True)), reverse=True)
        form = forms.StageFilterForm(self.request.GET or None, years=years)
        today = timezone.localdate()
        form.is_valid()  # an invalid filter is ignored, the valid ones apply
        if form.is_bound:
            stage = form.cleaned_data.get("stage")
            if stage == SmallGrantStage.AWAITING_DECISION:
                reviews = reviews.filter(stage__in=[SmallGrantStage.UNDER_COMMENT, SmallGrantStage.AWAITING_DECISION])
                reviews = reviews.filter(comments_until__lt=today)
            elif stage == SmallGrantStage.UNDER_COMMENT:
                reviews = reviews.filter(stage=stage, comments_until__gte=today)
            elif stage:
                reviews = reviews.filter(stage=stage)
            if form.cleaned_data.get("year"):
                reviews = reviews.filter(offer__call__year=form.cleaned_data["year"])
        paginator = Paginator(reviews.order_by("publish_by", "pk"), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        for review in page.object_list:
            review.deadline = selectors.publication_deadline(review, today)
            review.task_days = task_days(review.offer.content)
        query = self.request.GET.copy()
        query.pop("page", None)
        due = selectors.awaiting_publication(selectors.reviews_managed_by(self.request.user), today)
        return super().get_context_data(
            form=form, page_obj=page, query=query.urlencode(), due_count=due.count(), today=today, **kwargs
        )


class ReviewMixin(SmallGrantsPanelMixin):
    """One procedure; others' procedures answer 404."""

    object_permission = "competitions.manage_small_grant"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.review = get_object_or_404(
            SmallGrantReview.objects.select_related("offer__call__unit", "offer__organisation", "decided_by"),
            pk=kwargs["pk"],
        )
        user = request.user
        if not (
            user.has_perm("competitions.manage_small_grant", self.review)
            or user.has_perm("competitions.decide_small_grant", self.review)
        ):
            raise Http404
        if not user.has_perm(self.object_permission, self.review):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(review=self.review, offer=self.review.offer, **kwargs)


class DetailView(ReviewMixin, TemplateView):
    template_name = "competitions/small_grants/panel/detail.html"
    object_permission = "competitions.decide_small_grant"

    def get_context_data(self, **kwargs):
        review = self.review
        today = timezone.localdate()
        version = OfferVersion.objects.filter(offer=review.offer, is_current=True).order_by("-number").first()
        comments = list(review.comments.select_related("moderated_by", "considered_by").order_by("created_at"))
        return super().get_context_data(
            version=version,
            summary=offer_summary(review.offer, version),
            deadline=selectors.publication_deadline(review, today) if review.published_on is None else None,
            days_since_receipt=working_days_between(review.received_on, today),
            comments=comments,
            blockers=decision.decision_blockers(review, today),
            cap=selectors.year_cap(review.offer.call.year),
            activity=labelled_activity(review, ACTION_LABELS, limit=50),
            may_manage=self.request.user.has_perm("competitions.manage_small_grant", review),
            may_decide=self.request.user.has_perm("competitions.decide_small_grant", review),
            today=today,
            stages=SmallGrantStage,
            statuses=CommentStatus,
            **kwargs,
        )


class PublishView(ReviewMixin, FormView):
    template_name = "competitions/small_grants/panel/publish.html"
    form_class = forms.PublishForm  # no dates prefilled: the officer enters when each channel carried it

    def get_context_data(self, **kwargs):
        settings = CompetitionSettings.load()
        return super().get_context_data(
            settings=settings,
            deadline=selectors.publication_deadline(self.review),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            review, warnings = services.publish_small_grant_offer(
                actor=self.request.user,
                review=self.review,
                bip_published_on=form.cleaned_data["bip_published_on"],
                notice_board_published_on=form.cleaned_data["notice_board_published_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        for warning in warnings:
            messages.warning(self.request, warning)
        messages.success(
            self.request,
            _("The offer is published for comments until %(date)s.")
            % {"date": review.comments_until.strftime("%d.%m.%Y")},
        )
        return redirect("small_grants_panel:detail", pk=review.pk)


class CommentView(SmallGrantsPanelMixin, TemplateView):
    """One comment: moderate it (publish or reject) and record how it was considered."""

    template_name = "competitions/small_grants/panel/comment.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.comment = get_object_or_404(
            SmallGrantComment.objects.select_related("review__offer__call", "review__offer__organisation"),
            pk=kwargs["pk"],
        )
        self.review = self.comment.review
        if not request.user.has_perm("competitions.manage_small_grant", self.review):
            if request.user.has_perm("competitions.decide_small_grant", self.review):
                return self.handle_no_permission()  # sees the procedure, does not moderate
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("moderate_form", forms.ModerateForm())
        kwargs.setdefault("consider_form", forms.ConsiderForm(initial={"consideration": self.comment.consideration}))
        return super().get_context_data(
            comment=self.comment, review=self.review, offer=self.review.offer, statuses=CommentStatus, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "consideration" in request.POST:
            form = forms.ConsiderForm(request.POST)
            if form.is_valid():
                try:
                    services.mark_comment_considered(
                        actor=request.user, comment=self.comment, consideration=form.cleaned_data["consideration"]
                    )
                except ValidationError as error:
                    _apply_errors(form, error)
                else:
                    messages.success(request, _("The consideration of the comment is recorded."))
                    return redirect("small_grants_panel:detail", pk=self.review.pk)
            return self.render_to_response(self.get_context_data(consider_form=form))
        form = forms.ModerateForm(request.POST)
        if form.is_valid():
            try:
                services.moderate_comment(
                    actor=request.user,
                    comment=self.comment,
                    publish=form.cleaned_data["decision"] == "publish",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The comment is moderated."))
                return redirect("small_grants_panel:detail", pk=self.review.pk)
        return self.render_to_response(self.get_context_data(moderate_form=form))


class DecideView(ReviewMixin, FormView):
    template_name = "competitions/small_grants/panel/decide.html"
    form_class = forms.DecisionForm
    object_permission = "competitions.decide_small_grant"

    def get_initial(self):
        return {"amount": self.review.offer.requested_grant}

    def get_context_data(self, **kwargs):
        call = self.review.offer.call
        return super().get_context_data(
            blockers=decision.decision_blockers(self.review),
            cap=selectors.year_cap(call.year),
            settings=CompetitionSettings.load(),
            may_manage_settings=self.request.user.has_perm("competitions.manage_units"),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            review, warnings = decision.decide_small_grant(
                actor=self.request.user,
                review=self.review,
                funded=data["funded"],
                amount=data["amount"] if data["funded"] else None,
                reason=data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        for warning in warnings:
            messages.warning(self.request, warning)
        messages.success(self.request, _("The decision is recorded and the offeror informed."))
        return redirect("small_grants_panel:detail", pk=review.pk)


class SettingsView(PermissionRequiredMixin, TemplateView):
    """The local rules of competitions and small grants, and the planned grants per year."""

    template_name = "competitions/small_grants/panel/settings.html"
    permission_required = ("accounts.use_panel", "competitions.manage_units")

    def get_context_data(self, **kwargs):
        if "settings_form" not in kwargs:
            kwargs["settings_form"] = forms.CompetitionSettingsForm(instance=CompetitionSettings.load())
        if "planned_form" not in kwargs:
            year = self.request.GET.get("year")
            instance = PlannedGrantsBudget.objects.filter(year=year).first() if (year or "").isdecimal() else None
            kwargs["planned_form"] = forms.PlannedGrantsForm(
                instance=instance, initial=None if instance else {"year": timezone.localdate().year}
            )
        planned = list(PlannedGrantsBudget.objects.all())
        for row in planned:
            row.cap = selectors.year_cap(row.year)
        return super().get_context_data(planned=planned, **kwargs)

    def post(self, request, *args, **kwargs):
        if "save_planned" in request.POST:
            form = forms.PlannedGrantsForm(request.POST)
            # The year is the key: entering an existing year changes its amount.
            year = request.POST.get("year", "").strip()
            existing = PlannedGrantsBudget.objects.filter(year=year).first() if year.isdecimal() else None
            form.instance = existing or PlannedGrantsBudget()
            if form.is_valid():
                data = form.cleaned_data
                services.save_planned_grants(
                    actor=request.user, year=data["year"], amount=data["amount"], notes=data["notes"]
                )
                messages.success(request, _("The planned grants for %(year)s are saved.") % {"year": data["year"]})
                return redirect("small_grants_panel:settings")
            return self.render_to_response(self.get_context_data(planned_form=form))
        form = forms.CompetitionSettingsForm(request.POST, instance=CompetitionSettings.load())
        if form.is_valid():
            try:
                services.update_competition_settings(
                    actor=request.user, data={name: form.cleaned_data[name] for name in form.Meta.fields}
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The competition settings are saved."))
                return redirect("small_grants_panel:settings")
        return self.render_to_response(self.get_context_data(settings_form=form))
