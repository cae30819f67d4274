"""Permission-matrix rows for calls: public /konkursy/ pages and the officers' /panel/konkursy/ pages.

`build(w)` adds the objects the rows need to the world dict (the persona fixtures already
exist: officer, executive, representative and editor of w["org"], …); `rows(url, slug, pk)`
returns rows in the format of test_permission_matrix.MATRIX; NOT_PAGES lists POST-only names.
"""

NOT_PAGES: set[str] = set()


def build_panel(w):
    pass


def panel_rows(url, slug, pk):
    return []


def build_public(w):
    from tests.competitions.factories import CallFactory, PlannedCallFactory, open_call

    w["public_call"] = open_call(slug="konkurs-publiczny")
    w["draft_call"] = CallFactory(slug="konkurs-szkic")
    w["planned_call"] = PlannedCallFactory(call=None)


def public_rows(url, slug, pk):
    #                                                          anon resid  rep  edit  offi  exec  admin comm council
    return [
        ("calls", url("competitions:call_list"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("call", url("competitions:call_detail", slug("public_call")), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        # The conftest officer is in no unit: a draft of another unit is hidden from them too.
        (
            "draft call",
            url("competitions:call_detail", slug("draft_call")),
            [404, 404, 404, 404, 404, 404, 200, 404, 404],
        ),
        ("deadlines iCal", url("competitions:deadlines_ics"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("calls Atom", url("competitions:feed_atom"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("call alerts", url("competitions:alerts"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("plan of calls", url("competitions:plan"), [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("panel plan", url("competitions_plan_panel:list"), [302, 403, 403, 403, 200, 403, 200, 403, 403]),
        ("panel plan add", url("competitions_plan_panel:create"), [302, 403, 403, 403, 200, 403, 200, 403, 403]),
        (
            "panel plan edit",
            url("competitions_plan_panel:edit", pk("planned_call")),
            [302, 403, 403, 403, 200, 403, 200, 403, 403],
        ),
        (
            "panel plan delete",
            url("competitions_plan_panel:delete", pk("planned_call")),
            [302, 403, 403, 403, 200, 403, 200, 403, 403],
        ),
    ]


def build(w):
    build_panel(w)
    build_public(w)


def rows(url, slug, pk):
    return panel_rows(url, slug, pk) + public_rows(url, slug, pk)
