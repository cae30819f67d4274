"""Public pages of small grants (art. 19a): /male-granty/ (offers under comment, comments)."""

from django.urls import path

from wspolpraca.competitions.views import small_grants as views

app_name = "small_grants"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("oferty/<int:pk>/", views.OfferView.as_view(), name="offer"),
    path("<slug:slug>/", views.CallDetailView.as_view(), name="call_detail"),
]
