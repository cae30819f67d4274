"""Errors from services onto forms."""


def add_service_errors(form, error):
    """Put a service's ValidationError onto the form: field errors next to their fields,
    the rest at the top (the error summary lists both)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
