"""The form templates written as Python (common/forms/fast_templates.py) give the templates' HTML.

Each form is rendered twice: by the site's renderer (the Python functions) and by the same
renderer with the functions switched off (the templates they stand for). Any difference fails.
"""

import datetime
import decimal
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.safestring import mark_safe

import wspolpraca
from wspolpraca.common.forms import fast_templates
from wspolpraca.common.forms.renderer import AccessibleFormRenderer


class TemplatesOnly(AccessibleFormRenderer):
    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request=request)


class EdgeCases(forms.Form):
    title = forms.CharField(label="Tytuł & <podtytuł>", help_text=mark_safe("Do <b>200</b> znaków"), max_length=200)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="")
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    amount = forms.DecimalField(label="Kwota", required=False)
    count = forms.IntegerField(label="Liczba", min_value=0, help_text="Bez części <ułamkowej>")
    day = forms.DateField(label="Dzień", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    agree = forms.BooleanField(label="Zgadzam się", help_text="Wymagane przez <ustawę>")
    optional_flag = forms.BooleanField(label="Opcja", required=False)
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "Alfa & <b>"), ("b", "Beta")], required=False)
    grouped = forms.ChoiceField(
        choices=[("Kultura", [("1", "Teatr"), ("2", "Muzyka")]), ("Sport & <zdrowie>", [("3", 'Piłka "nożna"')])]
    )
    years = forms.TypedChoiceField(choices=[(2025, 2025), (2026, 2026)], coerce=int, required=False)
    many = forms.MultipleChoiceField(choices=[(1, "Jeden"), (2, "Dwa"), (3, "Trzy")], required=False)
    radio = forms.ChoiceField(choices=[("t", "Tak"), ("n", "Nie")], widget=forms.RadioSelect, help_text="Wybierz")
    plain = forms.CharField(
        widget=forms.TextInput(attrs={"class": "narrow", "aria-describedby": "hint", "disabled": True, "x": False}),
        required=False,
    )
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))


EDGE_DATA = [
    None,
    {
        "title": "A & <b>",
        "note": "Linia 1\n<script>x</script> & więcej",
        "hidden": '"quoted"',
        "amount": "12,50",
        "count": "-1",
        "day": "2026-12-08",
        "kind": "a",
        "grouped": "3",
        "years": "2026",
        "many": ["1", "3"],
        "radio": "t",
        "plain": "<i>",
        "email": "not an address",
    },
    {"title": "", "count": "x", "grouped": "zz", "kind": "zz", "optional_flag": "on", "agree": "on"},
]


def _both(form):
    form.renderer = AccessibleFormRenderer()
    fast = str(form)
    form.renderer = TemplatesOnly()
    return fast, str(form)


@pytest.mark.parametrize("language", ["pl", "en", "uk"])
@pytest.mark.parametrize("data", EDGE_DATA)
def test_edge_cases_render_as_the_templates_do(data, language):
    with translation.override(language):
        form = EdgeCases(data, initial={"amount": decimal.Decimal("1234.5"), "day": datetime.date(2026, 1, 2)})
        form.is_valid()
        fast, templates = _both(form)
    assert fast == templates
    assert "field--error" in fast if data else "field--required" in fast


def test_without_ids_and_with_a_prefix():
    fast, templates = _both(EdgeCases({"x-title": "t"}, auto_id=False, prefix="x"))
    assert fast == templates


def _site_forms():
    """Every plain form class of the site that can be made without arguments."""
    found = {}
    for module_info in pkgutil.walk_packages(wspolpraca.__path__, "wspolpraca."):
        if not module_info.name.rsplit(".", 1)[-1].startswith("forms") and ".forms." not in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__ and not inspect.isabstract(cls):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return sorted(found.items())


@pytest.mark.django_db
def test_the_sites_forms_render_as_the_templates_do():
    compared = 0
    for name, cls in _site_forms():
        for data in (None, {}):
            try:
                form = cls(data)
            except Exception:  # forms that need arguments (a call, a person) are left out
                break
            if data is not None:
                form.is_valid()
            fast, templates = _both(form)
            assert fast == templates, name
            compared += 1
    assert compared >= 100  # the site has more than fifty forms that need no arguments


def test_only_templates_written_in_python_are_replaced():
    context = {"widget": {"name": "n", "attrs": {}, "value": None}}
    assert fast_templates.render("django/forms/widgets/radio.html", context) is None
    assert set(fast_templates.TEMPLATES) >= {"common/forms/field.html", "django/forms/widgets/select.html"}
