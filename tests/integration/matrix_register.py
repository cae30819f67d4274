"""Permission-matrix rows for the public register of grants /wyniki/; see matrix_small_grants.py for the format.

The register is public for everyone: the page, its exports and the filtered page (one
organisation's grants, as its directory page links them).
"""

NOT_PAGES: set[str] = set()

# Downloads, not pages: the accessibility sweep checks only their status and content type.
DOWNLOADS = {
    "register of grants CSV": "text/csv",
    "register of grants XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "register of grants JSON": "application/json",
}


def build(w):
    """A published grant of w["org"] and a small grant, so the rows render a full table."""
    from tests.competitions.factories_register import make_grant, small_grant_row

    w["register_grant"] = make_grant(organisation=w["org"], amount="12000.00")
    w["register_small_grant"] = small_grant_row(amount="4500.00")


def rows(url, slug, pk):
    everyone = [200] * 9

    def filtered(w):
        return url("register:index")(w) + f"?org={w['org'].slug}&sort=-amount"

    #                                                          anon resid  rep  edit  offi  exec  admin comm council
    return [
        ("register of grants", url("register:index"), everyone),
        ("register of grants, filtered", filtered, everyone),
        ("register of grants CSV", url("register:export_csv"), everyone),
        ("register of grants XLSX", url("register:export_xlsx"), everyone),
        ("register of grants JSON", url("register:export_json"), everyone),
    ]
