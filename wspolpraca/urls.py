"""Public paths are Polish and stable. Paths reserved for modules still to come:
/konsultacje/, /rady-i-zespoly/, /inicjatywa-lokalna/,
/aktualnosci/, /wydarzenia/, /sale/, /program-wspolpracy/ (see docs/decisions/0002).
"""

from pathlib import Path

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.http import require_safe

from wspolpraca.competitions.agreements import urls as agreements_urls
from wspolpraca.competitions.calls import urls as calls_urls
from wspolpraca.competitions.evaluation import urls as evaluation_urls
from wspolpraca.competitions.offers import urls as offers_urls
from wspolpraca.competitions.register import urls as register_urls
from wspolpraca.competitions.reporting import urls as reporting_urls
from wspolpraca.competitions.small_grants import urls as small_grants_urls

# Uploads anyone may fetch by their address; every other upload (offers' attachments and PDFs
# under private/, agreements' scans) only through a view that checks a rule. nginx serves the
# same folders and answers 404 to the rest of /media/ (docs/deploy/README.md, section 6).
PUBLIC_MEDIA_FOLDERS = ("organisations/logos/", "calls/documents/")

urlpatterns = [
    path("", include("wspolpraca.common.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("wspolpraca.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("organizacje/", include("wspolpraca.organisations.urls")),
    path("konkursy/", include(calls_urls.public)),
    path("male-granty/", include(small_grants_urls.public)),
    path("wyniki/", include(register_urls.public)),
    path("oferty/kandydaci-do-komisji/", include(evaluation_urls.nomination)),
    path("oferty/", include(offers_urls.public)),
    path("oferty/", include(offers_urls.submission)),
    path("oferty/", include(agreements_urls.public)),
    path("oferty/", include(reporting_urls.public)),
    path("api/", include("wspolpraca.api.urls")),
    path("panel/", include("wspolpraca.common.panel_urls")),
    path("panel/organizacje/", include("wspolpraca.organisations.panel_urls")),
    path("panel/uzytkownicy/", include("wspolpraca.accounts.panel_urls")),
    path("panel/konkursy/plan/", include(calls_urls.plan_panel)),
    path("panel/konkursy/<int:call_pk>/oferty/", include(offers_urls.panel)),
    path("panel/konkursy/<int:call_pk>/wyniki/", include(evaluation_urls.results)),
    path("panel/konkursy/", include(calls_urls.panel)),
    path("panel/komisje/", include(evaluation_urls.commission)),
    path("panel/male-granty/", include(small_grants_urls.panel)),
    path("panel/umowy/", include(agreements_urls.panel)),
    path("panel/sprawozdania/", include(reporting_urls.panel)),
    path("panel/rozliczenia/", include(reporting_urls.settlement)),
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
