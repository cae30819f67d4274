from django.shortcuts import render
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin


class HomeView(TemplateView):
    template_name = "common/home.html"


class AccessibilityStatementView(TemplateView):
    template_name = "common/accessibility.html"


class PrivacyView(TemplateView):
    template_name = "common/privacy.html"


class ContactView(TemplateView):
    template_name = "common/contact.html"


class PanelHomeView(PermissionRequiredMixin, TemplateView):
    permission_required = "accounts.use_panel"
    template_name = "common/panel/home.html"


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
