"""Permission-matrix rows for scoring (score sheets, the overview, the minutes) under /panel/komisje/; see matrix_small_grants.py for the format.

The commission_member persona is an expert (advisory voice) of two calls of the officer's unit:
one closed for offers (scoring in progress) and one whose evaluation is closed (the minutes).
"""

# Downloads, not pages: the accessibility sweep checks only their status and content type.
DOWNLOADS = {"commission minutes": "application/pdf"}

NOT_PAGES = {
    "commission_panel:sheet_total",  # POST only (the sheet's running total); tested in test_scoring_sheet_live
}
# Downloads, not pages, for the accessibility sweep (tests/e2e/test_accessibility.py): status and type only.
DOWNLOADS = {"commission minutes": "application/pdf"}


def _call_with_offer(w, **kwargs):
    from tests.competitions.factories_scoring import closed_call, member, scored_offer
    from wspolpraca.competitions.enums import CommissionRole

    call = closed_call(**kwargs)
    call.unit.officers.add(w["officer"])
    offer = scored_offer(call, organisation=w["org"])
    member(call, CommissionRole.CHAIR)
    member(call, CommissionRole.EXPERT, user=w["commission_member"])
    return call, offer


def build(w):
    """Adds the objects the rows need to the world dict."""
    from django.utils import timezone

    from wspolpraca.competitions.enums import CallState

    w["scoring_call"], w["scoring_offer"] = _call_with_offer(w)
    w["evaluated_call"], _offer = _call_with_offer(w, state=CallState.EVALUATED, evaluation_closed_at=timezone.now())


def rows(url, slug, pk):
    #          anon resid  rep  edit  offi  exec  admin comm council
    member = [302, 404, 404, 404, 404, 404, 404, 200, 404]
    readers = [302, 404, 404, 404, 200, 200, 200, 200, 404]
    # Only the chair (administrators hold every permission); other readers are refused.
    chair = [302, 404, 404, 404, 403, 403, 200, 403, 404]
    sheet = url("commission_panel:sheet", pk("scoring_call"), pk("scoring_offer"))
    return [
        ("score sheet", sheet, member),
        (
            "submit score sheet",
            url("commission_panel:sheet_submit", pk("scoring_call"), pk("scoring_offer")),
            [302, 404, 404, 404, 404, 404, 404, 302, 404],  # no draft yet: back to the sheet
        ),
        ("evaluation overview", url("commission_panel:overview", pk("scoring_call")), readers),
        ("propose amount", url("commission_panel:propose", pk("scoring_call"), pk("scoring_offer")), chair),
        ("close evaluation", url("commission_panel:close", pk("scoring_call")), chair),
        ("reopen evaluation", url("commission_panel:reopen", pk("evaluated_call")), chair),
        ("commission minutes", url("commission_panel:minutes", pk("evaluated_call")), readers),
        (
            "minutes before the close",
            url("commission_panel:minutes", pk("scoring_call")),
            [302, 404, 404, 404, 404, 404, 404, 404, 404],
        ),
    ]
