"""Permission-matrix rows for small grants: public /male-granty/ and /panel/male-granty/.

`build(w)` adds the objects the rows need to the world dict (the persona fixtures already
exist: officer, executive, representative and editor of w["org"], …); `rows(url, slug, pk)`
returns rows in the format of test_permission_matrix.MATRIX; NOT_PAGES lists POST-only names.
"""

NOT_PAGES: set[str] = set()


def build(w):
    """A unit of the conftest officer with this year's small-grant call (and a draft one), an
    offer published for comments with a comment, and an offer received but not yet published."""
    from django.utils import timezone

    from tests.competitions.factories import CityUnitFactory
    from tests.competitions.test_small_grants_factories import sg_call, submitted_offer
    from wspolpraca.competitions.enums import CallState
    from wspolpraca.competitions.small_grants import services as services

    unit = CityUnitFactory(name="Wydział Zdrowia (macierz małych grantów)", slug="wydzial-mg-macierz")
    unit.officers.add(w["officer"])
    call = sg_call(unit=unit, slug="male-granty-macierz")
    w["sg_call"] = call
    w["sg_draft_call"] = sg_call(unit=unit, slug="male-granty-macierz-szkic", state=CallState.DRAFT)
    today = timezone.localdate()
    published = services.register_small_grant_offer(offer=submitted_offer(call), actor=None)
    published, _warnings = services.publish_small_grant_offer(
        actor=w["officer"], review=published, bip_published_on=today, notice_board_published_on=today
    )
    w["sg_published"] = published
    w["sg_comment"] = services.add_comment(
        review=published, author_name="Jan", author_email="jan@example.org", text="Uwaga", ip="10.0.0.1"
    )
    w["sg_received"] = services.register_small_grant_offer(offer=submitted_offer(call), actor=None)


def rows(url, slug, pk):
    everyone = [200] * 9
    nobody = [404] * 9
    officers_of_unit = [302, 403, 403, 403, 200, 403, 200, 403, 403]
    with_executive = [302, 403, 403, 403, 200, 200, 200, 403, 403]
    centre_or_admin = [302, 403, 403, 403, 403, 403, 200, 403, 403]
    #                                                                  anon resid  rep  edit  offi  exec  admin comm council
    return [
        ("small grants", url("small_grants:index"), everyone),
        ("small-grant call", url("small_grants:call_detail", slug("sg_call")), everyone),
        (
            "small-grant draft call",
            url("small_grants:call_detail", slug("sg_draft_call")),
            [404, 404, 404, 404, 200, 404, 200, 404, 404],
        ),
        ("small-grant offer", url("small_grants:offer", pk("sg_published")), everyone),
        ("small-grant offer unpublished", url("small_grants:offer", pk("sg_received")), nobody),
        ("panel small grants", url("small_grants_panel:list"), with_executive),
        ("panel small-grant settings", url("small_grants_panel:settings"), centre_or_admin),
        ("panel small grant", url("small_grants_panel:detail", pk("sg_received")), with_executive),
        ("panel small grant publish", url("small_grants_panel:publish", pk("sg_received")), officers_of_unit),
        ("panel small grant decide", url("small_grants_panel:decide", pk("sg_published")), with_executive),
        ("panel small-grant comment", url("small_grants_panel:comment", pk("sg_comment")), officers_of_unit),
    ]
