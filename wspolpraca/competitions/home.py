"""What competitions put on the person's home page (/moje/), by role.

An organisation's members: drafts to finish, corrections, updates after a reduced award,
agreements to sign, reports due or returned, invitations to joint offers. Officers and the
executive: the sections of the panel's work list (`worklist.work_list`), plus small grants
awaiting a decision. Commission members: their commissions, declarations, score sheets.
Each section costs one query (two when it holds more than LIMIT rows: the count).
"""

from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wspolpraca.common.home import HomeItem, HomeSection
from wspolpraca.common.money import format_money
from wspolpraca.competitions.agreements.selectors import agreements_to_sign, updates_to_submit
from wspolpraca.competitions.calls.selectors import accepting_calls, latest_results
from wspolpraca.competitions.enums import CallMode, ReportState
from wspolpraca.competitions.evaluation.selectors import active_seats, declarations_to_file, sheets_to_fill
from wspolpraca.competitions.models import CallAlert
from wspolpraca.competitions.offers.partners import pending_invitations
from wspolpraca.competitions.offers.selectors import corrections_to_make, drafts_to_finish
from wspolpraca.competitions.reporting.services import reports_of_organisations
from wspolpraca.competitions.small_grants.selectors import (
    awaiting_decision,
    comments_by,
    open_for_comments,
    to_publish,
)
from wspolpraca.competitions.worklist import work_list

LIMIT = 8
# Work-list sections whose deadline is set by law: the correction of formal errors (art. 14
# ust. 2 of the regulation on offers) and the return of unused funds (art. 251 u.f.p.).
STATUTORY_WORKLIST = {"corrections", "returns"}

AS_MEMBER = _("For the organisations you act for")
AS_OFFICER = _("As an officer")
AS_EXECUTIVE = _("As the executive")
AS_COMMISSION = _("As a member of a competition commission")
AS_RESIDENT = _("As a resident")


def _page(queryset):
    """The first LIMIT rows and the total: one query, two when there are more than LIMIT."""
    rows = list(queryset[: LIMIT + 1])
    total = len(rows) if len(rows) <= LIMIT else queryset.count()
    return rows[:LIMIT], total


def _section(key, title, queryset, item, *, role, more_url=None):
    rows, total = _page(queryset)
    return HomeSection(
        key=key, title=title, items=[item(row) for row in rows], total=total, more_url=more_url, role=role
    )


def _offer_label(offer):
    return f"{offer.title or offer} – {offer.call.title}"


def offer_sections(user):
    """What the organisations the user acts for have to do before the results."""
    offers = reverse("offers:mine")
    return [
        _section(
            "drafts",
            _("Offers to finish and submit"),
            drafts_to_finish(user),
            lambda o: HomeItem(
                _offer_label(o), reverse("offers:detail", args=[o.pk]), o.call.offer_deadline, o.organisation, True
            ),
            role=AS_MEMBER,
            more_url=offers,
        ),
        _section(
            "offer_corrections",
            _("Corrections requested in the formal check"),
            corrections_to_make(user),
            lambda c: HomeItem(
                _offer_label(c.offer), reverse("offers:detail", args=[c.offer_id]), c.correction_deadline, "", True
            ),
            role=AS_MEMBER,
        ),
        _section(
            "invitations",
            _("Invitations to joint offers to answer"),
            pending_invitations(user),
            lambda i: HomeItem(
                _offer_label(i.offer),
                reverse("offers:invitation", args=[i.pk]),
                i.offer.call.offer_deadline,
                i.organisation,
            ),
            role=AS_MEMBER,
            more_url=offers,
        ),
    ]


def award_sections(user):
    """What the organisations the user acts for have to do after an award."""
    return [
        _section(
            "offer_updates",
            _("Offer updates to submit after a reduced award"),
            updates_to_submit(user),
            lambda u: HomeItem(
                _offer_label(u.offer), reverse("award:update", args=[u.offer_id]), None, u.get_state_display()
            ),
            role=AS_MEMBER,
        ),
        _section(
            "agreements_to_sign",
            _("Agreements to sign"),
            agreements_to_sign(user),
            lambda a: HomeItem(
                _offer_label(a.offer), reverse("award:agreement", args=[a.offer_id]), a.start_date, a.number
            ),
            role=AS_MEMBER,
        ),
        _section(
            "reports_due",
            _("Reports to file or correct"),
            reports_of_organisations(user)
            .filter(state__in=(ReportState.DUE, ReportState.RETURNED))
            .order_by("due_date", "pk"),
            lambda r: HomeItem(
                f"{r.get_kind_display()} – {r.agreement.offer.title or r.agreement.offer}",
                reverse("reports:detail", args=[r.pk]),
                r.due_date,
                r.get_state_display(),
            ),
            role=AS_MEMBER,
            more_url=reverse("reports:mine"),
        ),
    ]


def _from_worklist(section, role):
    statutory = section.key in STATUTORY_WORKLIST
    items = [
        HomeItem(
            label=row.label,
            url=row.url,
            deadline=row.deadline if row.is_deadline else None,
            detail=row.detail,
            statutory=statutory and row.is_deadline and row.deadline is not None,
        )
        for row in section.rows
    ]
    return HomeSection(
        key=f"worklist_{section.key}",
        title=section.title,
        items=items,
        total=section.count,
        more_url=section.more_url or None,
        role=role,
    )


def office_sections(user):
    """An officer's or the executive's work list, and the small grants waiting for a decision."""
    if not (user.is_superuser or user.is_officer or user.is_executive):
        return []
    role = AS_OFFICER if (user.is_superuser or user.is_officer) else AS_EXECUTIVE
    sections = [_from_worklist(section, role) for section in work_list(user)]
    if user.is_superuser or user.is_officer:
        sections.append(
            _section(
                "small_grants_to_publish",
                _("Small-grant offers to publish"),
                to_publish(user),
                lambda r: HomeItem(
                    _offer_label(r.offer),
                    reverse("small_grants_panel:publish", args=[r.pk]),
                    r.publish_by,
                    r.offer.organisation,
                    statutory=True,
                ),
                role=role,
                more_url=reverse("small_grants_panel:list"),
            )
        )
    sections.append(
        _section(
            "small_grant_decisions",
            _("Small grants awaiting a decision"),
            awaiting_decision(user),
            lambda r: HomeItem(
                _offer_label(r.offer), reverse("small_grants_panel:decide", args=[r.pk]), None, r.offer.organisation
            ),
            role=role,
            more_url=reverse("small_grants_panel:list"),
        )
    )
    return sections


def _seat_item(seat):
    return HomeItem(
        seat.call.title, reverse("commission_panel:call", args=[seat.call_id]), None, seat.get_role_display()
    )


def commission_sections(user):
    """A commission member's commissions at work, declarations to file and sheets to fill."""
    return [
        _section(
            "declarations",
            _("Declarations of impartiality to file"),
            declarations_to_file(user),
            _seat_item,
            role=AS_COMMISSION,
        ),
        _section(
            "score_sheets",
            _("Offers to score"),
            sheets_to_fill(user),
            lambda o: HomeItem(
                _offer_label(o),
                reverse("commission_panel:sheet", args=[o.call_id, o.pk]),
                o.call.selection_date,
                o.number,
            ),
            role=AS_COMMISSION,
        ),
        _section(
            "commissions",
            _("Commissions you sit on"),
            active_seats(user),
            _seat_item,
            role=AS_COMMISSION,
            more_url=reverse("commission_panel:mine"),
        ),
    ]


def _comment_item(comment):
    review = comment.review
    still_open = review.comments_until is not None and review.comments_until >= timezone.localdate()
    return HomeItem(
        _offer_label(review.offer),
        reverse("small_grants:offer", args=[review.pk]),
        review.comments_until if still_open else None,
        comment.get_status_display(),
    )


def _alert_section(user):
    """The person's e-mail alerts about new calls, when they asked for them (the page's empty
    state offers them otherwise)."""
    alert = CallAlert.objects.filter(user=user).annotate(area_count=Count("areas")).first()
    if alert is None:
        return HomeSection(key="call_alerts", title=_("E-mail alerts about new calls"))
    detail = ngettext("%(count)d area", "%(count)d areas", alert.area_count) % {"count": alert.area_count}
    item = HomeItem(_("Your alerts about new calls"), reverse("competitions:alerts"), None, detail)
    return HomeSection(
        key="call_alerts", title=_("E-mail alerts about new calls"), items=[item], total=1, role=AS_RESIDENT
    )


def resident_sections(user):
    """What anyone signed in can act on as a resident: their comments on small grants, the small
    grants open for comments now (art. 19a ust. 4), their alerts about new calls."""
    if user.is_superuser or user.is_officer or user.is_executive:
        return []
    return [
        _section(
            "small_grant_comments",
            _("Your comments on small-grant offers"),
            comments_by(user.email),
            _comment_item,
            role=AS_RESIDENT,
        ),
        _section(
            "small_grants_open",
            _("Small-grant offers open for comments"),
            open_for_comments(),
            lambda r: HomeItem(
                _offer_label(r.offer),
                reverse("small_grants:offer", args=[r.pk]),
                r.comments_until,
                r.offer.organisation,
            ),
            role=AS_RESIDENT,
            more_url=reverse("small_grants:index"),
        ),
        _alert_section(user),
    ]


def home_sections(user):
    """Every competitions section for the user (the page drops the empty ones)."""
    if not (user.is_authenticated and user.is_active):
        return []
    return [
        *offer_sections(user),
        *award_sections(user),
        *office_sections(user),
        *commission_sections(user),
        *resident_sections(user),
    ]


# --- the public home page (/) ----------------------------------------------------------------

PUBLIC_LIMIT = 4  # calls accepting offers, per section
RESULTS_LIMIT = 3


def _call_item(call):
    detail = _("%(unit)s · %(amount)s") % {
        "unit": call.unit.name,
        "amount": format_money(call.total_budget or 0, localised=True),
    }
    return HomeItem(call.title, call.get_absolute_url(), call.offer_deadline, detail)


def _result_item(call):
    when = formats.date_format(timezone.localtime(call.results_published_at), "d.m.Y")
    detail = _("Results announced on %(date)s · awarded %(amount)s") % {
        "date": when,
        "amount": format_money(call.awarded or 0, localised=True),
    }
    return HomeItem(call.title, call.get_absolute_url(), None, detail)


def public_sections():
    """Calls accepting offers, small-grant intakes accepting offers, the latest results: three queries."""
    competitions = accepting_calls(mode=CallMode.OPEN_COMPETITION, limit=PUBLIC_LIMIT)
    small = accepting_calls(mode=CallMode.SMALL_GRANT, limit=PUBLIC_LIMIT)
    results = latest_results(RESULTS_LIMIT)
    return [
        HomeSection(
            "open_calls",
            _("Open competitions accepting offers"),
            [_call_item(call) for call in competitions],
            more_url=reverse("competitions:call_list"),
            empty=_("No call is accepting offers right now."),
        ),
        HomeSection(
            "small_grants",
            _("Small grants: offers accepted"),
            [_call_item(call) for call in small],
            more_url=reverse("small_grants:index"),
            empty=_("No small-grant intake is open right now."),
        ),
        HomeSection(
            "results",
            _("Latest results"),
            [_result_item(call) for call in results],
            more_url=reverse("register:index"),
            empty=_("No results have been published yet."),
        ),
    ]
