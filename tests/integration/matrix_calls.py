"""Permission-matrix rows for calls: public /konkursy/ pages and the officers' /panel/konkursy/ pages.

`build(w)` adds the objects the rows need to the world dict (the persona fixtures already
exist: officer, executive, representative and editor of w["org"], …); `rows(url, slug, pk)`
returns rows in the format of test_permission_matrix.MATRIX; NOT_PAGES lists POST-only names.
"""

NOT_PAGES: set[str] = set()


def build_panel(w):
    """A unit of the conftest officer with a draft call (task, attachment, document) and an open call."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.competitions.factories import CallFactory, CityUnitFactory, RequiredAttachmentFactory, open_call
    from tests.pdfs import make_pdf
    from wspolpraca.competitions.models import CallDocument

    unit = CityUnitFactory(name="Wydział Kultury (macierz)", slug="wydzial-macierz")
    unit.officers.add(w["officer"])
    w["panel_unit"] = unit
    w["panel_call"] = CallFactory(unit=unit, slug="konkurs-panel-szkic")
    w["panel_task"] = w["panel_call"].tasks.first()
    w["panel_attachment"] = RequiredAttachmentFactory(call=w["panel_call"])
    w["panel_document"] = CallDocument.objects.create(
        call=w["panel_call"], title="Regulamin", file=SimpleUploadedFile("regulamin.pdf", make_pdf(note="Regulamin"))
    )
    w["panel_open_call"] = open_call(unit=unit, slug="konkurs-panel-otwarty")


def panel_rows(url, slug, pk):
    def item(key):
        return lambda w: w[key].pk

    call = pk("panel_call")
    officers = [302, 403, 403, 403, 200, 403, 200, 403, 403]
    centre_or_admin = [302, 403, 403, 403, 403, 403, 200, 403, 403]
    #                                                          anon resid  rep  edit  offi  exec  admin comm council
    return [
        ("panel units", url("competitions_panel:units"), centre_or_admin),
        ("panel unit add", url("competitions_panel:unit_add"), centre_or_admin),
        ("panel unit edit", url("competitions_panel:unit_edit", pk("panel_unit")), centre_or_admin),
        ("panel calls", url("competitions_panel:list"), officers),
        ("panel call add", url("competitions_panel:call_add"), officers),
        ("panel call", url("competitions_panel:call_detail", call), officers),
        ("panel call edit", url("competitions_panel:call_edit", call), officers),
        ("panel task add", url("competitions_panel:task_add", call), officers),
        ("panel task edit", url("competitions_panel:task_edit", call, item("panel_task")), officers),
        ("panel task remove", url("competitions_panel:task_remove", call, item("panel_task")), officers),
        ("panel criteria", url("competitions_panel:criteria", call), officers),
        ("panel attachments", url("competitions_panel:attachments", call), officers),
        (
            "panel attachment remove",
            url("competitions_panel:attachment_remove", call, item("panel_attachment")),
            officers,
        ),
        ("panel documents", url("competitions_panel:documents", call), officers),
        (
            "panel document remove",
            url("competitions_panel:document_remove", call, item("panel_document")),
            officers,
        ),
        ("panel publish", url("competitions_panel:publish", call), officers),
        (
            "panel publication dates",
            url("competitions_panel:publication_dates", pk("panel_open_call")),
            officers,
        ),
        ("panel cancel", url("competitions_panel:cancel", pk("panel_open_call")), officers),
        ("panel notice PDF", url("competitions_panel:notice_pdf", call), officers),
        ("panel BIP export", url("competitions_panel:bip_export", call), officers),
        # A published call's content is frozen: its edit page sends officers back to the call.
        (
            "panel edit of a published call",
            url("competitions_panel:call_edit", pk("panel_open_call")),
            [302, 403, 403, 403, 302, 403, 302, 403, 403],
        ),
    ]


def build_public(w):
    from tests.competitions.factories import CallFactory, CityUnitFactory, PlannedCallFactory, open_call

    w["public_call"] = open_call(slug="konkurs-publiczny")
    w["draft_call"] = CallFactory(slug="konkurs-szkic")
    # A line of the officer's unit (build_panel put them in one): officers plan for their units.
    w["planned_call"] = PlannedCallFactory(call=None, unit=w["officer"].city_units.first() or CityUnitFactory())


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
