"""The open-data API: /api/ (its page for people), /api/schema/ (OpenAPI 3), /api/v1/ (the data).

Every other address under /api/ answers a JSON 404, but for an address missing only its final
slash, which is redirected there (Django's APPEND_SLASH cannot: this catch-all resolves).
"""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from wspolpraca.api import views
from wspolpraca.common.public_cache import public_page

app_name = "api"

router = SimpleRouter()
router.register("calls", views.CallViewSet, basename="call")
router.register("grants", views.GrantViewSet, basename="grant")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("consultations", views.ConsultationViewSet, basename="consultation")

# Anonymous answers are served from the public page cache like the pages they mirror (any public
# write empties it; common/public_cache.py). DRF's viewset views are functions: marked one by one.
for pattern in router.urls:
    public_page(pattern.callback)

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("v1/", views.RootView.as_view(), name="root"),
    path("v1/", include(router.urls)),
    re_path(r"", views.NotFoundView.as_view()),
]
