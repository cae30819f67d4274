"""The person's home page (/moje/): what each of their roles has waiting, most urgent first."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from wspolpraca.common.home import sections_for

# Sections with more items than this are folded (<details>), the heading always visible.
FOLD_AFTER = 5


class MyHomeView(LoginRequiredMixin, TemplateView):
    """One page composed by the apps' providers (common/home.py); signing in lands here."""

    template_name = "common/home_for_person.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=sections_for(self.request.user), fold_after=FOLD_AFTER, **kwargs)
