"""The open-data API: /api/ (its page for people), /api/schema/ (OpenAPI 3), /api/v1/ (the data).

Every other address under /api/ answers a JSON 404. Trailing slashes are optional in the API.
"""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from wspolpraca.api import views

app_name = "api"

router = SimpleRouter(trailing_slash="/?")
router.register("calls", views.CallViewSet, basename="call")
router.register("grants", views.GrantViewSet, basename="grant")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    re_path(r"^schema/?$", views.SchemaView.as_view(), name="schema"),
    re_path(r"^v1/?$", views.RootView.as_view(), name="root"),
    path("v1/", include(router.urls)),
    re_path(r"", views.NotFoundView.as_view()),
]
