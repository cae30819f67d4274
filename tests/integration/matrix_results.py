"""Permission-matrix rows for the decision, the results, requests for reasons and cancellation; see matrix_small_grants.py for the format."""

NOT_PAGES: set[str] = set()


def build(w):
    """A unit of the conftest officer with a call awaiting the decision, a resolved call with a
    request for reasons, and a call cancelled for want of offers."""
    from decimal import Decimal

    from tests.competitions.factories import CityUnitFactory
    from tests.competitions.factories_results import closed_call, evaluated_call
    from wspolpraca.competitions.enums import CancellationGround, DecisionOutcome
    from wspolpraca.competitions.evaluation import cancellation, reasons, results

    unit = CityUnitFactory(name="Wydział Spraw Społecznych (macierz wyników)", slug="wydzial-wyniki-macierz")
    unit.officers.add(w["officer"])
    w["res_evaluated"], _good, _bad, _m = evaluated_call(unit=unit)
    resolved, good, _bad, _m = evaluated_call(unit=unit, rejected=1)
    results.publish_results(
        actor=w["executive"],
        call=resolved,
        choices={o.pk: {"outcome": DecisionOutcome.FUNDED, "amount": Decimal("10000.00")} for o in good},
    )
    resolved.refresh_from_db()
    w["res_resolved"] = resolved
    w["res_request"] = reasons.request_reasons(
        call=resolved, name="Jan Kowalski", email="jan@example.org", text="Dlaczego?", offer=good[0], ip="10.9.9.9"
    )
    cancelled = closed_call(unit=unit)
    cancellation.cancel_call(call=cancelled, actor=w["officer"], ground=CancellationGround.NO_OFFERS)
    cancelled.refresh_from_db()
    w["res_cancelled"] = cancelled


def rows(url, slug, pk):
    def call(key):
        return lambda w: w[key].pk

    everyone = [200] * 9
    readers = [302, 403, 403, 403, 200, 200, 200, 403, 403]
    managers = [302, 403, 403, 403, 200, 404, 200, 403, 403]
    #                                                                      anon resid  rep  edit  offi  exec  admin comm council
    return [
        ("results decision (evaluated)", url("results_panel:decision", call("res_evaluated")), readers),
        ("results decision (resolved)", url("results_panel:decision", call("res_resolved")), readers),
        ("results publication", url("results_panel:publication", call("res_resolved")), managers),
        (
            "cancellation publication",
            url("results_panel:cancellation_publication", call("res_cancelled")),
            managers,
        ),
        ("results reasons requests", url("results_panel:reasons", call("res_resolved")), managers),
        (
            "results reasons reply",
            url("results_panel:reasons_reply", call("res_resolved"), pk("res_request")),
            managers,
        ),
        ("public reasons request", url("competitions:reasons_request", slug("res_resolved")), everyone),
        ("public resolved call", url("competitions:call_detail", slug("res_resolved")), everyone),
        ("public cancelled call", url("competitions:call_detail", slug("res_cancelled")), everyone),
    ]
