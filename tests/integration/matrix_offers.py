"""Permission-matrix rows for offers: the NGO editor and submission under /oferty/.

`build(w)` adds the objects the rows need to the world dict (the persona fixtures already
exist: officer, executive, representative and editor of w["org"], …); `rows(url, slug, pk)`
returns rows in the format of test_permission_matrix.MATRIX; NOT_PAGES lists POST-only names.
"""

NOT_PAGES: set[str] = set()


def build(w):
    pass


def rows(url, slug, pk):
    return []
