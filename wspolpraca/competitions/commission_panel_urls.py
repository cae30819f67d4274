"""The commission in the panel: /panel/komisje/ (members' pages, the pool) and the appointment page."""

from django.urls import path

from wspolpraca.competitions.views import commission as views

app_name = "commission_panel"

urlpatterns = [
    path("", views.MyCommissionsView.as_view(), name="mine"),
    path("kandydaci/", views.PoolView.as_view(), name="pool"),
    path("sklad/", views.CommissionCallsView.as_view(), name="calls"),
    path("sklad/<int:call_pk>/", views.CommissionView.as_view(), name="appoint"),
    path("<int:call_pk>/", views.MemberCallView.as_view(), name="call"),
    path("<int:call_pk>/oferty/<int:pk>/", views.MemberOfferView.as_view(), name="offer"),
    path("<int:call_pk>/oferty/<int:pk>/oferta.pdf", views.MemberOfferPdfView.as_view(), name="offer_pdf"),
]
