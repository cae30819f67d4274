"""Permission-matrix rows for the open-data API /api/; see matrix_small_grants.py for the format.

The API has no login: every persona gets exactly what an anonymous visitor gets, so a draft
call and an organisation awaiting verification are 404 even for the officers who see them on
the site. The page /api/ is a page (the accessibility sweep checks it); the rest is JSON.
"""

NOT_PAGES: set[str] = set()

# JSON, not pages: the accessibility sweep checks only their status and content type.
DOWNLOADS = {
    "API schema": "application/vnd.oai.openapi+json",
    "API root": "application/json",
    "API calls": "application/json",
    "API calls, filtered": "application/json",
    "API call": "application/json",
    "API grants": "application/json",
    "API organisations": "application/json",
    "API organisation": "application/json",
    "API bodies": "application/json",
    "API body": "application/json",
    "API consultations": "application/json",
    "API consultation": "application/json",
}


def build(w):
    """A published call and a draft one (w["pending"], the organisation awaiting verification,
    comes from the matrix's own world)."""
    from tests.competitions.factories import CallFactory, open_call
    from wspolpraca.competitions.enums import CallState

    w["api_call"] = open_call(slug="api-macierz")
    w["api_draft"] = CallFactory(slug="api-macierz-szkic", state=CallState.DRAFT)


def rows(url, slug, pk):
    everyone = [200] * 9
    nobody = [404] * 9

    def filtered(w):
        return url("api:call-list")(w) + "?state=open&year=2027&q=konkurs&page_size=5"

    #                                                          anon resid  rep  edit  offi  exec  admin comm council
    return [
        ("API page", url("api:index"), everyone),
        ("API schema", url("api:schema"), everyone),
        ("API root", url("api:root"), everyone),
        ("API calls", url("api:call-list"), everyone),
        ("API calls, filtered", filtered, everyone),
        ("API call", url("api:call-detail", slug("api_call")), everyone),
        ("API draft call", url("api:call-detail", slug("api_draft")), nobody),
        ("API grants", url("api:grant-list"), everyone),
        ("API organisations", url("api:organisation-list"), everyone),
        ("API organisation", url("api:organisation-detail", slug("org")), everyone),
        ("API pending organisation", url("api:organisation-detail", slug("pending")), nobody),
        ("API bodies", url("api:body-list"), everyone),
        ("API body", url("api:body-detail", slug("body")), everyone),
        # The consultations' rows' world (matrix_consultations.build).
        ("API consultations", url("api:consultation-list"), everyone),
        ("API consultation", url("api:consultation-detail", pk("cons_open")), everyone),
        ("API draft consultation", url("api:consultation-detail", pk("cons_draft")), nobody),
    ]
