"""Touches to the generated OpenAPI document (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""

from django.utils.translation import gettext as _


def describe(result, generator, request, public):
    """What the API is and on what terms, in the request's language (?lang=en or pl)."""
    result["info"]["description"] = _(
        "Open data of the city's cooperation with non-governmental organisations: calls for offers, "
        "the register of grants awarded and the directory of organisations. Read only, no login, JSON. "
        "Described for people, with the licence, at /api/."
    )
    result["info"]["license"] = {"name": _("Public information, free to re-use (see /api/)")}
    return result


def empty_query_values_allowed(result, generator, request, public):
    """An empty query parameter means "not given", as in the pages' own filter links (a form sends
    `?year=&unit=` for the filters left alone): say so in every query parameter."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result
