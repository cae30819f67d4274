"""The open-data API: /api/ (its page for people), /api/schema/ (OpenAPI 3), /api/v1/ (the data).

Every other address under /api/ answers a JSON 404, but for an address missing only its final
slash, which is redirected there (Django's APPEND_SLASH cannot: this catch-all resolves).
"""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from wspolpraca.api import views

app_name = "api"

router = SimpleRouter()
router.register("calls", views.CallViewSet, basename="call")
router.register("grants", views.GrantViewSet, basename="grant")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("v1/", views.RootView.as_view(), name="root"),
    path("v1/", include(router.urls)),
    re_path(r"", views.NotFoundView.as_view()),
]
