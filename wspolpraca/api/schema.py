"""Touches to the generated OpenAPI document (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""


def empty_query_values_allowed(result, generator, request, public):
    """An empty query parameter means "not given", as in the pages' own filter links (a form sends
    `?year=&unit=` for the filters left alone): say so in every query parameter."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result
