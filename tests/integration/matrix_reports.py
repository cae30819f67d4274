"""Permission-matrix rows for reports and settlement (/oferty/…, /panel/sprawozdania/, /panel/rozliczenia/); see matrix_small_grants.py for the format."""

NOT_PAGES: set[str] = set()


def build(w):
    """Adds the objects the rows need to the world dict."""


def rows(url, slug, pk):
    return []
