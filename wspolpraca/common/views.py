import sys

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.site_settings import SiteSettingsForm
from wspolpraca.common.middleware_db import database_unavailable_response, is_database_unavailable
from wspolpraca.common.models import SiteSettings
from wspolpraca.common.services import update_site_settings


class HomeView(TemplateView):
    template_name = "common/home.html"


class AccessibilityStatementView(TemplateView):
    template_name = "common/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(site_url=f"{settings.SITE_URL}/", **kwargs)


class PrivacyView(TemplateView):
    template_name = "common/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(session_hours=max(1, settings.SESSION_COOKIE_AGE // 3600), **kwargs)


class ContactView(TemplateView):
    template_name = "common/contact.html"


def _roles(user):
    roles = []
    if user.is_superuser:
        roles.append(_("administrator"))
    if getattr(user, "is_officer", False):
        roles.append(_("city officer"))
    if getattr(user, "is_executive", False):
        roles.append(_("executive"))
    return roles


class PanelHomeView(PermissionRequiredMixin, TemplateView):
    permission_required = "accounts.use_panel"
    template_name = "common/panel/home.html"

    def get_context_data(self, **kwargs):
        site = SiteSettings.load()
        incomplete = not (site.website_published_on and site.website_updated_on and site.accessibility_statement_date)
        return super().get_context_data(roles=_roles(self.request.user), settings_incomplete=incomplete, **kwargs)


class SiteSettingsView(PermissionRequiredMixin, FormView):
    permission_required = "common.edit_site_settings"
    template_name = "common/panel/site_settings.html"
    form_class = SiteSettingsForm
    success_url = reverse_lazy("panel:site_settings")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # An unsaved copy: the form must not change the cached row while validating.
        kwargs["instance"] = SiteSettings.objects.filter(pk=1).first() or SiteSettings.load()
        return kwargs

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        update_site_settings(actor=self.request.user, data=data)
        messages.success(self.request, _("The site settings have been saved."))
        return redirect(self.get_success_url())


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """Rendered without context processors: the database may be what failed.

    A database that cannot be reached, raised before any view ran (the session or the user
    loaded by middleware), is a 503 with Retry-After, as the middleware makes it for views.
    """
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response()
    try:
        template = loader.get_template("500.html")
        return HttpResponseServerError(template.render({}))
    except Exception:  # the last resort must not fail in turn
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
