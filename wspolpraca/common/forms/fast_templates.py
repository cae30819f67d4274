"""The form templates every page renders most, written as Python (issue 17).

A filter form's few fields cost a public list page a third of its time when Django's template
engine renders them: each field is `common/forms/field.html`, each widget its template and
`attrs.html`, and a select's every option a loop with filters. The functions here build the same
HTML from the same context; `AccessibleFormRenderer` calls them instead of the templates of the
same names. They follow the templates character for character — the templates stay, as the
reference: `tests/common/test_fast_form_templates.py` renders both and compares them over the
site's forms and hand-made edge cases, so a change in one that is not made in the other fails.

Escaping and localisation are Django's own: `_value` is what `{{ value }}` does in a template
(local time, localised numbers and dates, escaped unless marked safe), `_formatted` what
`{{ value|stringformat:'s' }}` does.
"""

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext


def _value(value):
    """`{{ value }}`: django.template.base.render_value_in_context with autoescape on."""
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value):
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe, so it is not escaped."""
    if hasattr(value, "__html__"):
        return str(value)
    return conditional_escape(str(value))


def attrs(widget):
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        out.append(" " + _value(name))
        if value is not True:
            out.append('="' + _formatted(value) + '"')
    return "".join(out)


def input_(context):
    """django/forms/widgets/input.html (and text, hidden, email, number, date… which include it)"""
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else ' value="' + _formatted(value) + '"'
    return f'<input type="{_value(widget["type"])}" name="{_value(widget["name"])}"{shown}{attrs(widget)}>'


def textarea(context):
    """django/forms/widgets/textarea.html"""
    widget = context["widget"]
    value = _value(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_value(widget["name"])}"{attrs(widget)}>\n{value}</textarea>'


def select(context):
    """The site's django/forms/widgets/select.html (Django's, with the option template inline)."""
    widget = context["widget"]
    out = [f'<select name="{_value(widget["name"])}"{attrs(widget)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_value(group_name)}">')
        for option in group_choices:
            out.append(
                f'\n  <option value="{_formatted(option["value"])}"{attrs(option)}>{_value(option["label"])}</option>\n'
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _required(field):
    return f' <span class="required">({_value(gettext("required"))})</span>' if field.field.required else ""


def _errors(field, errors):
    if not errors:
        return ""
    joined = " ".join(_value(error) for error in errors)
    return f'<p class="field__error" id="{_value(field.auto_id)}_error">{joined}</p>'


def _hint(field, help_text):
    return f'<div class="field__hint" id="{_value(field.auto_id)}_helptext">{help_text}</div>' if help_text else ""


def field(context):
    """common/forms/field.html: a field with its label, hint and errors."""
    bound = context["field"]
    errors = bound.errors
    help_text = bound.help_text
    help_text = str(help_text) if help_text else ""
    error_class = " field--error" if errors else ""
    required_class = " field--required" if bound.field.required else ""
    if bound.widget_type == "checkbox":
        return (
            f'<div class="field field--checkbox{error_class}{required_class}">\n'
            f"  {_errors(bound, errors)}\n"
            f'  <div class="field__check">{bound}<label for="{_value(bound.id_for_label)}">'
            f"{_value(bound.label)}{_required(bound)}</label></div>\n"
            f"  {_hint(bound, help_text)}\n"
            "</div>"
        )
    out = [f'<div class="field{error_class}{required_class}">\n']
    if bound.use_fieldset:
        described = ""
        if help_text or errors:
            ids = (f"{_value(bound.auto_id)}_helptext" if help_text else "") + (
                f" {_value(bound.auto_id)}_error" if errors else ""
            )
            described = f' aria-describedby="{ids}"'
        out.append(f"<fieldset{described}>\n  <legend>{_value(bound.label)}{_required(bound)}</legend>\n")
    else:
        label = ""
        if bound.label:
            label = f'<label for="{_value(bound.id_for_label)}">{_value(bound.label)}{_required(bound)}</label>'
        out.append(f"\n  {label}\n")
    out.append(f"  {_hint(bound, help_text)}\n  {_errors(bound, errors)}\n  {bound}\n")
    if bound.use_fieldset:
        out.append("</fieldset>")
    out.append("\n</div>")
    return "".join(out)


INPUTS = ("input", "text", "hidden", "email", "number", "password", "url", "search", "tel", "date", "datetime", "time")
TEMPLATES = {
    **{f"django/forms/widgets/{name}.html": input_ for name in INPUTS},
    "django/forms/widgets/textarea.html": textarea,
    "django/forms/widgets/select.html": select,
    "common/forms/field.html": field,
}


def render(template_name, context):
    """The HTML of `template_name` for `context`, or None when it is not one of TEMPLATES."""
    function = TEMPLATES.get(template_name)
    if function is None:
        return None
    return mark_safe(function(context).strip())
