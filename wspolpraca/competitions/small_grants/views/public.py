"""Public pages of small grants (art. 19a): what they are, the year's call and its budget,
offers published for comments (anyone may comment while the window is open) and decisions."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wspolpraca.common import form_tokens
from wspolpraca.common.client_ip import client_ip
from wspolpraca.competitions.calls.public_forms import SmallGrantFilterForm
from wspolpraca.competitions.enums import CallState, CommentStatus, SmallGrantStage
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.models import Call, CallTask, CompetitionSettings, OfferVersion, SmallGrantComment
from wspolpraca.competitions.small_grants import selectors
from wspolpraca.competitions.small_grants import services as services
from wspolpraca.competitions.small_grants.forms import HONEYPOT, CommentForm
from wspolpraca.organisations.views import _page

DECIDED = (SmallGrantStage.FUNDED, SmallGrantStage.NOT_FUNDED)


def task_days(content):
    """The task's length in days counted inclusively, from the document (None if unknown)."""
    task = (content or {}).get("III") or {}
    start, end = offer_content.parse_date(task.get("start")), offer_content.parse_date(task.get("end"))
    return (end - start).days + 1 if start and end and end >= start else None


def offer_summary(offer, version=None):
    """What the public (and the officer) read of a simplified offer: the task, the offeror's
    organisation data and the costs. The contact person's personal data is left out."""
    content = (version.content if version is not None else offer.content) or {}
    figures = offer_content.compute(content, simplified=True)
    task = content.get("III") or {}
    start, end = offer_content.parse_date(task.get("start")), offer_content.parse_date(task.get("end"))
    offerors = [
        {key: (row or {}).get(key, "") for key in ("name", "register", "address", "website")}
        for row in (content.get("II") or {}).get("offerors") or []
    ]
    lines = [line for _name, action_lines in figures.actions for line in action_lines] + figures.admin_lines
    return {
        "title": task.get("title") or offer.title,
        "start": start,
        "end": end,
        "days": task_days(content),
        "place": task.get("place", ""),
        "target_group": task.get("target_group", ""),
        "needs": task.get("needs", ""),
        "activities": [a for a in task.get("activities") or [] if (a or {}).get("name")],
        "results": task.get("results_products", ""),
        "experience": (content.get("IV") or {}).get("experience", ""),
        "offerors": offerors,
        "lines": lines,
        "total": figures.total_cost,
        "grant": figures.sources.get("grant") or offer_content.ZERO,
        "own": figures.own_contribution,
        "sources": [
            (_("Requested grant"), figures.sources.get("grant")),
            (_("Own financial contribution"), figures.sources.get("own_financial")),
            (_("Personal contribution (volunteers' and members' work)"), figures.sources.get("own_personal")),
            (_("In-kind contribution"), figures.sources.get("own_in_kind")),
            (_("Payments from recipients"), figures.sources.get("recipient_payments")),
        ],
        "paid": (content.get("VI") or {}).get("paid") == "paid",
    }


def _calls(year, unit=None):
    calls = Call.objects.small_grants().public().filter(year=year)
    return (
        (calls.filter(unit=unit) if unit else calls)
        .select_related("unit")
        .prefetch_related(Prefetch("tasks", queryset=CallTask.objects.order_by("number")))
        .order_by("title")
    )


def _with_figures(call):
    call.figures = selectors.call_budget(call)
    call.first_task = next(iter(call.tasks.all()), None)
    return call


class IndexView(TemplateView):
    template_name = "competitions/small_grants/index.html"
    public_cache = True  # common/public_cache.py: anonymous visitors get the stored page

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        settings = CompetitionSettings.load()
        form = SmallGrantFilterForm(self.request.GET or None)
        filters = form.filters()
        year = filters.get("year") or today.year
        calls = [_with_figures(call) for call in _calls(year, filters.get("unit"))]
        reviews = selectors.public_reviews().filter(**{f"offer__call__{k}": v for k, v in filters.items()})
        open_reviews = list(reviews.filter(comments_until__gte=today).order_by("comments_until", "pk"))
        for review in open_reviews:
            review.days_left = (review.comments_until - today).days
        page, query = _page(self.request, reviews.filter(stage__in=DECIDED).order_by("-decided_at", "-pk"))
        awaiting = reviews.filter(comments_until__lt=today).exclude(stage__in=DECIDED).count()
        return super().get_context_data(
            calls=calls,
            year_budget=sum((call.figures["budget"] for call in calls), Decimal("0.00")),
            settings=settings,
            cap=selectors.year_cap(year, settings),
            year=year,
            form=form,
            filtered=bool(filters),
            query=query,
            open_reviews=open_reviews,
            page_obj=page,
            awaiting_count=awaiting,
            today=today,
            **kwargs,
        )


class CallDetailView(TemplateView):
    template_name = "competitions/small_grants/call_detail.html"
    public_cache = True  # common/public_cache.py: anonymous visitors get the stored page

    def get_context_data(self, **kwargs):
        call = get_object_or_404(
            Call.objects.small_grants().select_related("unit").prefetch_related("tasks", "documents"),
            slug=self.kwargs["slug"],
        )
        if not self.request.user.has_perm("competitions.view_call", call):
            raise Http404
        today = timezone.localdate()
        reviews = selectors.public_reviews().filter(offer__call=call)
        open_reviews = list(reviews.filter(comments_until__gte=today).order_by("comments_until", "pk"))
        for review in open_reviews:
            review.days_left = (review.comments_until - today).days
        return super().get_context_data(
            call=_with_figures(call),
            settings=CompetitionSettings.load(),
            cap=selectors.year_cap(call.year),
            accepts=call.accepts_offers() and call.state != CallState.DRAFT,
            open_reviews=open_reviews,
            decided=reviews.filter(stage__in=DECIDED).order_by("-decided_at")[:50],
            today=today,
            **kwargs,
        )


class OfferView(TemplateView):
    """A published small-grant offer with its comments; the comment form while the window is open."""

    template_name = "competitions/small_grants/offer.html"

    def dispatch(self, request, *args, **kwargs):
        self.review = get_object_or_404(selectors.public_reviews(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        review = self.review
        today = timezone.localdate()
        version = OfferVersion.objects.filter(offer=review.offer, is_current=True).order_by("-number").first()
        window_open = review.comment_window_open(today)
        if window_open:
            kwargs.setdefault("form", CommentForm())
        return super().get_context_data(
            review=review,
            offer=review.offer,
            call=review.offer.call,
            summary=offer_summary(review.offer, version),
            comments=SmallGrantComment.objects.filter(review=review, status=CommentStatus.PUBLISHED).order_by(
                "created_at"
            ),
            window_open=window_open,
            days_left=(review.comments_until - today).days if window_open else None,
            decided=review.stage in DECIDED,
            honeypot=HONEYPOT,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.review.comment_window_open():
            messages.error(request, _("Comments on this offer are no longer accepted."))
            return redirect("small_grants:offer", pk=self.review.pk)
        form = CommentForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if request.POST.get(HONEYPOT):
            # A bot: answer as if all went well, keep nothing.
            messages.success(request, _("Thank you. Your comment awaits moderation."))
            return redirect("small_grants:offer", pk=self.review.pk)
        try:
            # A double click sends the comment twice: it is kept once.
            _comment, created = form_tokens.create_once(
                token=form_tokens.posted_token(request),
                user=request.user,
                purpose=f"small_grants.comment.{self.review.pk}",
                create=lambda: services.add_comment(
                    review=self.review,
                    author_name=form.cleaned_data["author_name"],
                    author_email=form.cleaned_data["author_email"],
                    text=form.cleaned_data["text"],
                    ip=client_ip(request),
                    actor=request.user,
                ),
            )
        except services.CommentRateLimited:
            form.add_error(None, _("Too many comments from your address in the last hour. Please try again later."))
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        if created:
            messages.success(request, _("Thank you. Your comment awaits moderation."))
        return redirect("small_grants:offer", pk=self.review.pk)
