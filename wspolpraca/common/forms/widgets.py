"""Widgets shared by the apps' forms."""

from django import forms

from wspolpraca.common.templatetags.lang_tags import CONTENT_LANGUAGE, polish


class PolishOptionsSelect(forms.Select):
    """A select whose options name Polish content (a call's tasks, the Act's public benefit areas):
    each is marked lang="pl" on a page in another language (WCAG 3.1.2, language of parts); the
    empty choice ("all tasks") is in the page's language."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if value not in ("", None) and polish():
            option["attrs"]["lang"] = CONTENT_LANGUAGE
        return option
