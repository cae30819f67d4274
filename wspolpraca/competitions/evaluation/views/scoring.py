"""Scoring pages under /panel/komisje/<call_pk>/: a member's score sheet per offer, the
evaluation overview, the chair's proposed amounts, closing and reopening, and the minutes (PDF)."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.pdf import pdf_response
from wspolpraca.competitions.enums import CommissionRole, SheetState
from wspolpraca.competitions.evaluation import commission, overview, scoring
from wspolpraca.competitions.evaluation.forms import ProposeForm, ReopenForm, ScoreSheetForm
from wspolpraca.competitions.evaluation.views.commission import MemberMixin
from wspolpraca.competitions.models import (
    Call,
    FormalCheckItem,
    ImpartialityDeclaration,
    Offer,
    OfferAssessment,
    Score,
    ScoreSheet,
)

# --- the score sheet -----------------------------------------------------------------------------


def sheet_initial(sheet):
    if sheet is None:
        return {}
    initial = {"comment": sheet.comment}
    for score in sheet.scores.all():
        initial[scoring.points_field(score.criterion_id)] = score.points
        initial[scoring.justification_field(score.criterion_id)] = score.justification
    return initial


class SheetMixin(MemberMixin):
    """The member's seat, their declaration and an offer they may read (404 otherwise)."""

    def load(self):
        if self.declaration is None:
            messages.warning(self.request, _("File your declaration of impartiality before reading the offers."))
            return False
        self.offer = get_object_or_404(commission.offers_for_member(self.call, self.request.user), pk=self.kwargs["pk"])
        self.offer.call = self.call
        self.criteria = scoring.sheet_criteria(self.offer)
        self.sheet = ScoreSheet.objects.filter(offer=self.offer, member=self.seat).prefetch_related("scores").first()
        self.problem = scoring.may_score_offer(self.seat, self.offer, self.declaration)
        return True


def others_sheets(offer, seat):
    """The other members' submitted sheets of an offer, with their scores by criterion pk."""
    sheets = list(
        ScoreSheet.objects.filter(offer=offer, state=SheetState.SUBMITTED)
        .exclude(member=seat)
        .select_related("member__user")
        .prefetch_related("scores")
        .order_by("member__role", "member_id")
    )
    for sheet in sheets:
        sheet.by_criterion = {s.criterion_id: s for s in sheet.scores.all()}
        sheet.advisory = sheet.member.role == CommissionRole.EXPERT
    return sheets


class ScoreSheetView(SheetMixin, TemplateView):
    """/panel/komisje/<call_pk>/oferty/<pk>/ocena/: the member's score sheet of one offer."""

    template_name = "competitions/commission/sheet.html"

    def get(self, request, *args, **kwargs):
        if not self.load():
            return redirect("commission_panel:call", self.call.pk)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, form=None, **kwargs):
        locked = self.sheet is not None and self.sheet.state == SheetState.SUBMITTED
        if form is None:
            form = ScoreSheetForm(criteria=self.criteria, initial=sheet_initial(self.sheet))
        if locked or self.problem:
            for field in form.fields.values():
                field.disabled = True
        sees = scoring.sees_others_scores(self.call, self.seat, self.sheet)
        others = others_sheets(self.offer, self.seat) if sees else []
        other_rows = [(c, applies, [s.by_criterion.get(c.pk) for s in others]) for c, applies in self.criteria]
        return super().get_context_data(
            call=self.call,
            seat=self.seat,
            offer=self.offer,
            form=form,
            sheet=self.sheet,
            locked=locked,
            problem=self.problem,
            max_points=scoring.max_points(self.criteria),
            total_text=self.shown_total(form),
            sees_others=sees,
            others=others,
            other_rows=other_rows,
            criteria=self.criteria,
            **kwargs,
        )

    def shown_total(self, form):
        """The total as saved; after a failed save, of the points typed (what the fields show)."""
        if form.is_bound:
            raw = {c.pk: form.data.get(scoring.points_field(c.pk), "") for c, _applies in self.criteria}
            total, notes = scoring.running_total(self.criteria, raw)
        else:
            total, notes = (self.sheet.total if self.sheet else Decimal("0.00")), []
        return " ".join([total_text(total, scoring.max_points(self.criteria)), *notes])

    def post(self, request, *args, **kwargs):
        if not self.load():
            return redirect("commission_panel:call", self.call.pk)
        form = ScoreSheetForm(request.POST, criteria=self.criteria)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            sheet = scoring.save_score_sheet(
                actor=request.user, offer=self.offer, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        if request.POST.get("action") != "submit":
            messages.success(request, _("Your draft was saved."))
            return redirect("commission_panel:sheet", self.call.pk, self.offer.pk)
        errors = scoring.score_sheet_errors(sheet)
        if errors:
            self.sheet = sheet
            add_service_errors(form, ValidationError(errors))
            form.add_error(None, _("Your draft was saved; complete it to submit."))
            return self.render_to_response(self.get_context_data(form=form))
        return redirect("commission_panel:sheet_submit", self.call.pk, self.offer.pk)


class SubmitSheetView(SheetMixin, TemplateView):
    """Confirmation before a sheet is submitted and locked."""

    template_name = "competitions/commission/sheet_submit.html"

    def get(self, request, *args, **kwargs):
        if not self.load():
            return redirect("commission_panel:call", self.call.pk)
        if self.sheet is None or self.sheet.state == SheetState.SUBMITTED or self.problem:
            return redirect("commission_panel:sheet", self.call.pk, self.offer.pk)
        scores = {s.criterion_id: s for s in self.sheet.scores.all()}
        rows = [(c, applies, scores.get(c.pk)) for c, applies in self.criteria]
        return self.render_to_response(
            self.get_context_data(
                call=self.call,
                offer=self.offer,
                sheet=self.sheet,
                rows=rows,
                max_points=scoring.max_points(self.criteria),
                incomplete=scoring.score_sheet_errors(self.sheet),
            )
        )

    def post(self, request, *args, **kwargs):
        if not self.load():
            return redirect("commission_panel:call", self.call.pk)
        try:
            scoring.submit_score_sheet(actor=request.user, offer=self.offer)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("commission_panel:sheet", self.call.pk, self.offer.pk)
        messages.success(request, _("Your score sheet was submitted."))
        return redirect("commission_panel:call", self.call.pk)


def total_text(total, maximum):
    """The sentence the sheet's live total shows (and announces when it changes)."""
    return ngettext(
        "Your total: %(total)s of %(max)s point.",
        "Your total: %(total)s of %(max)s points.",
        int(maximum),
    ) % {"total": scoring.format_points(total), "max": scoring.format_points(maximum)}


class SheetTotalView(SheetMixin, View):
    """POST /…/ocena/suma/: the total of the points typed so far, computed by the server as the
    offer editor's figures are (JSON: total, max, text, notes). Nothing is saved."""

    def post(self, request, *args, **kwargs):
        if self.declaration is None:
            raise Http404
        self.load()
        raw = {c.pk: request.POST.get(scoring.points_field(c.pk), "") for c, _applies in self.criteria}
        total, notes = scoring.running_total(self.criteria, raw)
        maximum = scoring.max_points(self.criteria)
        return JsonResponse(
            {
                "total": scoring.format_points(total),
                "max": scoring.format_points(maximum),
                "text": " ".join([total_text(total, maximum), *notes]),
                "notes": notes,
            }
        )


# --- the overview and the chair's pages ------------------------------------------------------------


class EvaluationMixin(View):
    """A call's evaluation pages: outsiders get 404; `chair_only` pages refuse others with 403."""

    permission = "competitions.view_evaluation"
    chair_only = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.call = get_object_or_404(Call.objects.competitions(), pk=kwargs["call_pk"])
        self.seat = scoring.seat_of(request.user, self.call)
        # A seat is what sits_on_call checks: a member needs no second query for view_evaluation.
        seated = self.seat is not None and self.permission == "competitions.view_evaluation"
        if not seated and not request.user.has_perm(self.permission, self.call):
            raise Http404
        if self.chair_only and not request.user.has_perm("competitions.chair_evaluation", self.call):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _link_maker(name, call):
    """A function of an offer's pk giving the address `name` has for (call, offer), reversed once."""
    marker = 987654321
    pattern = reverse(name, args=[call.pk, marker]).replace(str(marker), "{}")
    return pattern.format


def _prepare_rows(call, rows, *, sheets, propose):
    """What the overview shows of each row on the page, made once here rather than per cell in the
    template (a hundred rows of links and amounts were half the page's time, issue 17)."""
    names = overview.offer_names(call, [row["offer_id"] for row in rows])
    sheet_url = _link_maker("commission_panel:sheet", call) if sheets else None
    propose_url = _link_maker("commission_panel:propose", call) if propose else None
    for row in rows:
        row["organisation_name"], title = names[row["offer_id"]]
        row["title_short"] = Truncator(title).chars(80)
        row["sheet_url"] = sheet_url(row["offer_id"]) if sheet_url else ""
        row["propose_url"] = propose_url(row["offer_id"]) if propose_url else ""
        row["score_text"] = "" if row["score"] is None else floatformat(row["score"], "2")
        row["max_text"] = floatformat(row["max_points"], "-2")
        row["requested_text"] = floatformat(row["requested"], "2g")
        row["proposed_text"] = "" if row["proposed_amount"] is None else floatformat(row["proposed_amount"], "2g")


class OverviewView(EvaluationMixin, TemplateView):
    """/panel/komisje/<call_pk>/przeglad/: progress per member and results per task.

    Results are computed for every offer (ranks and budget totals need them all) from plain
    values, the sheets read once for the results, the progress and the reader's own sheets;
    only the page's offers are loaded as objects (RESULTS_PER_PAGE rows, `?task=` filter)."""

    template_name = "competitions/commission/overview.html"
    RESULTS_PER_PAGE = 100

    def get_context_data(self, **kwargs):
        call = self.call
        sheets = overview.sheet_rows(call)
        groups = overview.evaluation_table(call, sheets=sheets)
        task_filter = self.request.GET.get("task", "")
        shown = [g for g in groups if not task_filter or str(g["task"].pk) == task_filter]
        flat = [(group, row) for group in shown for row in group["rows"]]
        page = Paginator(flat, self.RESULTS_PER_PAGE).get_page(self.request.GET.get("page"))
        seat_pk = self.seat.pk if self.seat is not None else None
        own = {offer_id: state for offer_id, member_id, _r, state, _t in sheets if member_id == seat_pk}
        hidden = 0
        for _group, row in flat:
            row["own"] = own.get(row["offer_id"])  # the state of the reader's own sheet
            row["visible"] = scoring.others_visible(call, self.seat, row["own"])
            hidden += not row["visible"]
        user = self.request.user
        chair = (user.is_active and user.is_superuser) or (
            self.seat is not None and self.seat.role == CommissionRole.CHAIR
        )
        may_propose = chair and call.state in ("closed", "evaluated") and call.decided_at is None
        _prepare_rows(
            call, [row for _group, row in page.object_list], sheets=self.seat is not None, propose=may_propose
        )
        page_groups = []
        for group, row in page.object_list:
            if not page_groups or page_groups[-1]["group"] is not group:
                page_groups.append({"group": group, "rows": []})
            page_groups[-1]["rows"].append(row)
        offer_ids = [row["offer_id"] for group in groups for row in group["rows"]]
        return super().get_context_data(
            call=call,
            seat=self.seat,
            progress=overview.evaluation_progress(call, offer_ids=offer_ids, sheets=sheets),
            groups=groups,
            page_groups=page_groups,
            page_obj=page,
            task_filter=task_filter,
            hidden=hidden,
            closed=scoring.evaluation_closed(call),
            chair=chair,
            may_propose=may_propose,
            may_close=chair and call.state == "closed",
            may_reopen=chair and call.state == "evaluated" and call.decided_at is None,
            # competitions.view_minutes is view_evaluation (checked by dispatch) once the evaluation is closed.
            may_read_minutes=scoring.evaluation_closed(call),
            **kwargs,
        )


class ProposeAmountView(EvaluationMixin, TemplateView):
    chair_only = True
    template_name = "competitions/commission/propose.html"

    def get_offer(self):
        offer = get_object_or_404(
            scoring.offers_to_score(self.call).select_related("organisation", "task"), pk=self.kwargs["pk"]
        )
        offer.call = self.call
        return offer

    def get_context_data(self, form=None, **kwargs):
        offer = self.get_offer()
        if form is None:
            assessment = OfferAssessment.objects.filter(offer=offer).first()
            initial = {"proposed_amount": assessment.proposed_amount, "note": assessment.note} if assessment else {}
            form = ProposeForm(initial=initial)
        group = next((g for g in overview.evaluation_table(self.call) if g["task"].pk == offer.task_id), None)
        row = next((r for r in group["rows"] if r["offer_id"] == offer.pk), None) if group else None
        return super().get_context_data(call=self.call, offer=offer, form=form, group=group, row=row, **kwargs)

    def post(self, request, *args, **kwargs):
        offer = self.get_offer()
        form = ProposeForm(request.POST)
        if form.is_valid():
            try:
                warning = overview.propose_amount(
                    actor=request.user,
                    offer=offer,
                    amount=form.cleaned_data["proposed_amount"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The proposed amount was saved."))
                if warning:
                    messages.warning(request, warning)
                return redirect("commission_panel:overview", self.call.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CloseEvaluationView(EvaluationMixin, TemplateView):
    """GET: what is missing, or a confirmation; POST (confirmed): close the evaluation."""

    chair_only = True
    template_name = "competitions/commission/close.html"
    MAX_PAIRS = 300  # the summary above the table counts every member's missing sheets

    def get_context_data(self, **kwargs):
        missing = overview.evaluation_missing(self.call) if self.call.state == "closed" else []
        pairs = overview.missing_sheets(self.call) if missing else []
        return super().get_context_data(
            call=self.call,
            missing=missing,
            pairs=pairs[: self.MAX_PAIRS],
            more_pairs=max(len(pairs) - self.MAX_PAIRS, 0),
            groups=overview.evaluation_table(self.call) if not missing else [],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm") != "yes":
            return self.render_to_response(self.get_context_data(confirm_error=True))
        try:
            overview.close_evaluation(actor=request.user, call=self.call)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("commission_panel:close", self.call.pk)
        messages.success(request, _("The evaluation was closed. The results go to the executive."))
        return redirect("commission_panel:overview", self.call.pk)


class ReopenEvaluationView(EvaluationMixin, TemplateView):
    chair_only = True
    template_name = "competitions/commission/reopen.html"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(call=self.call, form=form or ReopenForm(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = ReopenForm(request.POST)
        if form.is_valid():
            try:
                overview.reopen_evaluation(actor=request.user, call=self.call, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The evaluation was reopened."))
                return redirect("commission_panel:overview", self.call.pk)
        return self.render_to_response(self.get_context_data(form=form))


# --- the minutes --------------------------------------------------------------------------------------


def minutes_context(call):
    """Everything the minutes (protokół) show; a fixed number of queries."""
    progress = overview.evaluation_progress(call)
    criteria = list(call.criteria.all())
    groups = overview.evaluation_results(call)
    offers = list(
        Offer.objects.filter(call=call, state="submitted")
        .select_related("organisation", "task", "formal_check")
        .order_by("task__number", "number")
    )
    items = list(FormalCheckItem.objects.filter(call=call))
    for offer in offers:
        check = getattr(offer, "formal_check", None)
        offer.check_results = [(item, (check.results or {}).get(str(item.pk)) if check else None) for item in items]
    sheets = list(
        ScoreSheet.objects.filter(offer__call=call, state=SheetState.SUBMITTED)
        .select_related("member__user")
        .order_by("offer_id", "member__role", "member_id")
    )
    scores = defaultdict(dict)
    for score in Score.objects.filter(sheet__in=[s.pk for s in sheets]):
        scores[score.sheet_id][score.criterion_id] = score
    by_offer = defaultdict(list)
    for sheet in sheets:
        sheet.rows = [(c, scores[sheet.pk].get(c.pk)) for c in criteria]
        sheet.advisory = sheet.member.role == CommissionRole.EXPERT
        by_offer[sheet.offer_id].append(sheet)
    for group in groups:
        for row in group["rows"]:
            row["sheets"] = by_offer.get(row["offer"].pk, [])
    declarations = ImpartialityDeclaration.objects.filter(call=call)
    return {
        "call": call,
        "progress": progress,
        "criteria": criteria,
        "groups": groups,
        "offers": offers,
        "items": items,
        "declarations": declarations,
        "voting_roles": scoring.VOTING_ROLES,
    }


class MinutesView(EvaluationMixin):
    permission = "competitions.view_minutes"

    def get(self, request, *args, **kwargs):
        if not scoring.evaluation_closed(self.call):  # administrators hold every permission
            raise Http404
        context = minutes_context(self.call)
        return pdf_response(
            "competitions/pdf/minutes.html", context, filename=f"protokol-komisji-{self.call.pk}.pdf", request=request
        )
