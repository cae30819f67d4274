"""The site's select.html (option template inline, issue 17) renders what Django's renders."""

from pathlib import Path

import django
import pytest
from django import forms
from django.forms.renderers import BaseRenderer
from django.template import engines
from django.template.backends.django import DjangoTemplates

DJANGO_FORMS_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"


class DjangosOwn(BaseRenderer):
    """Django's form templates only."""

    engine = DjangoTemplates({"APP_DIRS": False, "DIRS": [DJANGO_FORMS_TEMPLATES], "NAME": "djangos", "OPTIONS": {}})

    def get_template(self, template_name):
        return self.engine.get_template(template_name)


class Form(forms.Form):
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "Alfa & <b>"), ("b", "Beta")], required=False)
    grouped = forms.ChoiceField(
        choices=[("Kultura", [("1", "Teatr"), ("2", "Muzyka")]), ("Sport", [("3", 'Piłka "nożna"')]), ("4", "Inne")]
    )
    many = forms.MultipleChoiceField(choices=[(1, "Jeden"), (2, "Dwa"), (3, "Trzy")], required=False)
    plain = forms.ChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.Select(attrs={"class": "narrow", "aria-describedby": "hint"})
    )


@pytest.mark.parametrize(
    "data", [{}, {"kind": "a", "grouped": "3", "many": ["1", "3"], "plain": "y"}, {"grouped": "4", "kind": "zz"}]
)
def test_the_same_html_as_djangos_template(data):
    form = Form(data or None)
    ours = engines["django"].engine
    assert "common" in str(ours.find_template("django/forms/widgets/select.html")[1].name)
    for name in form.fields:
        field = form[name]
        site = field.field.widget.render(field.html_name, field.value(), attrs={"id": field.auto_id})
        django_rendered = field.field.widget.render(
            field.html_name, field.value(), attrs={"id": field.auto_id}, renderer=DjangosOwn()
        )
        assert site == django_rendered, name
