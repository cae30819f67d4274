"""Cells of exported spreadsheets (CSV, XLSX)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Spreadsheets run text starting with these characters as a formula (OWASP CSV
    injection): such text gets a leading apostrophe. Other values pass unchanged."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
