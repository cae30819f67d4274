"""The person's home page (/moje/): what each of their roles has waiting, most urgent first."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from wspolpraca.common.home import sections_for


class MyHomeView(LoginRequiredMixin, TemplateView):
    """One page composed by the apps' providers (common/home.py); signing in lands here. Every item
    is one click away: sections fold under their headings by script (js/home.js), open by default."""

    template_name = "common/home_for_person.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=sections_for(self.request.user), **kwargs)
