import sys
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common import kept_forms
from wspolpraca.common.form_labels import form_labels
from wspolpraca.common.forms.site_settings import SiteSettingsForm
from wspolpraca.common.home import public_sections
from wspolpraca.common.middleware_db import (
    database_unavailable_response,
    disk_full_response,
    is_database_unavailable,
    is_disk_full,
)
from wspolpraca.common.models import SiteSettings
from wspolpraca.common.services import update_site_settings


@require_GET
def choose_language(request):
    """The header's language switch: remembers the choice in the language cookie and goes back.

    A GET form, unlike Django's POST-only `set_language`, so that public pages carry no CSRF
    token and can be cached whole for anonymous visitors (docs/decisions/0005). Choosing a
    language changes nothing but how pages are shown, so a link from elsewhere can do no harm.
    """
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
    return response


class HomeView(TemplateView):
    public_cache = True
    template_name = "common/home.html"

    def get_context_data(self, **kwargs):
        # What the apps report as open and decided (common/home.py); the same for everyone.
        return super().get_context_data(now_sections=public_sections(), **kwargs)


class AccessibilityStatementView(TemplateView):
    public_cache = True
    template_name = "common/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(site_url=f"{settings.SITE_URL}/", **kwargs)


class PrivacyView(TemplateView):
    public_cache = True
    template_name = "common/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session_hours=max(1, settings.SESSION_COOKIE_AGE // 3600),
            kept_form_hours=settings.KEPT_FORM_HOURS,
            **kwargs,
        )


class ContactView(TemplateView):
    public_cache = True
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


class KeptFormsView(LoginRequiredMixin, View):
    """After signing in again: "we kept what you typed", to re-send to its page or discard."""

    template_name = "common/kept_forms.html"

    def _entries(self):
        tokens = self.request.session.get(kept_forms.SESSION_TOKENS, [])
        return kept_forms.pending_kept_forms(user=self.request.user, tokens=tokens) if tokens else []

    def _next_url(self):
        next_url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(next_url, {self.request.get_host()}, require_https=self.request.is_secure()):
            return next_url
        return reverse(settings.LOGIN_REDIRECT_URL)

    def get(self, request):
        request.session.pop(kept_forms.SESSION_OFFER, None)
        pages = [(entry, form_labels(request, entry.path)) for entry in self._entries()]
        if not pages:
            return redirect(self._next_url())
        context = {
            "entries": [(entry, page_form, kept_forms.shown_fields(entry, page_form)) for entry, page_form in pages],
            "resend_field": kept_forms.RESEND_FIELD,
            "next": self._next_url(),
        }
        return render(request, self.template_name, context)

    def post(self, request):
        token = request.POST.get("discard", "")
        kept_forms.discard_kept_form(user=request.user, token=token)
        kept_forms.forget_token(request.session, token)
        messages.success(request, _("What you typed has been discarded."))
        if self._entries():
            return redirect(f"{reverse('common:kept_forms')}?{urlencode({'next': self._next_url()})}")
        return redirect(self._next_url())


@requires_csrf_token
def csrf_failure(request, reason=""):
    """The CSRF check refused a form, typically one whose page outlived its session.

    What was typed is kept (when the form came from this site) and offered back after
    signing in again, or at once to someone still signed in.
    """
    entry = None
    if request.method == "POST" and kept_forms.is_sent_from_this_site(request):
        entry = kept_forms.keep_request(request)
    return render(request, "403_csrf.html", {"kept": entry}, status=403)


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
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        return database_unavailable_response()
    if is_disk_full(error):  # raised in a middleware, e.g. while a large upload is received
        return disk_full_response()
    try:
        template = loader.get_template("500.html")
        return HttpResponseServerError(template.render({}))
    except Exception:  # the last resort must not fail in turn
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
