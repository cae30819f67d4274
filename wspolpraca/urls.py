"""Public paths are Polish and stable. Paths reserved for modules still to come:
/inicjatywa-lokalna/,
/aktualnosci/, /wydarzenia/, /sale/, /program-wspolpracy/ (see docs/decisions/0002).
"""

from pathlib import Path

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.http import require_safe

from wspolpraca.bodies import urls as bodies
from wspolpraca.competitions import urls as competitions
from wspolpraca.consultations import urls as consultations

# Uploads anyone may fetch by their address; every other upload (offers' attachments and PDFs
# under private/, agreements' scans) only through a view that checks a rule. nginx serves the
# same folders and answers 404 to the rest of /media/ (docs/deploy/README.md, section 6).
PUBLIC_MEDIA_FOLDERS = (
    "organisations/logos/",
    "calls/documents/",
    "consultations/orders/",
    "consultations/drafts/",
    "consultations/opinions/",
)

urlpatterns = [
    path("", include("wspolpraca.common.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("wspolpraca.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("organizacje/", include("wspolpraca.organisations.urls")),
    path("konkursy/", include(competitions.calls)),
    path("male-granty/", include(competitions.small_grants)),
    path("wyniki/", include(competitions.register)),
    path("oferty/kandydaci-do-komisji/", include(competitions.evaluation_nomination)),
    path("oferty/", include(competitions.offers)),
    path("oferty/", include(competitions.offers_submission)),
    path("oferty/", include(competitions.agreements)),
    path("oferty/", include(competitions.reporting)),
    path("rady-i-zespoly/", include(bodies.public)),
    path("konsultacje/", include(consultations.public_urls)),
    path("wiadomosci/", include("wspolpraca.conversations.urls")),
    path("api/", include("wspolpraca.api.urls")),
    path("panel/", include("wspolpraca.common.panel_urls")),
    path("panel/organizacje/", include("wspolpraca.organisations.panel_urls")),
    path("panel/uzytkownicy/", include("wspolpraca.accounts.panel_urls")),
    path("panel/konkursy/plan/", include(competitions.calls_plan_panel)),
    path("panel/konkursy/<int:call_pk>/oferty/", include(competitions.offers_panel)),
    path("panel/konkursy/<int:call_pk>/wyniki/", include(competitions.evaluation_results)),
    path("panel/konkursy/", include(competitions.calls_panel)),
    path("panel/konsultacje/opinie/", include(consultations.opinions_panel_urls)),
    path("panel/konsultacje/", include(consultations.panel_urls)),
    path("panel/komisje/", include(competitions.evaluation_commission)),
    path("panel/rady-i-zespoly/", include(bodies.panel)),
    path("panel/male-granty/", include(competitions.small_grants_panel)),
    path("panel/umowy/", include(competitions.agreements_panel)),
    path("panel/sprawozdania/", include(competitions.reporting_panel)),
    path("panel/rozliczenia/", include(competitions.reporting_settlement)),
    # The admin has no sign-in of its own: its login page sends to the site's sign-in (allauth:
    # the two-step code, the demo-password guard, the lockout) and never takes a password.
    path("admin/login/", secure_admin_login(require_safe(admin.site.login))),
    path("admin/", admin.site.urls),
]

# The development server (DEBUG) serves the public uploads; static() adds nothing otherwise.
for folder in PUBLIC_MEDIA_FOLDERS:
    urlpatterns += static(settings.MEDIA_URL + folder, document_root=Path(settings.MEDIA_ROOT) / folder)

handler403 = "wspolpraca.common.views.permission_denied"
handler404 = "wspolpraca.common.views.page_not_found"
handler500 = "wspolpraca.common.views.server_error"
