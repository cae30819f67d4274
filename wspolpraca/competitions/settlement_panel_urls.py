"""Settlements, returns of funds and interest rates in the panel: /panel/rozliczenia/."""

from django.urls import path

from wspolpraca.competitions.views import settlement as views

app_name = "settlements_panel"

urlpatterns = [
    path("", views.SettlementListView.as_view(), name="list"),
    path("stawki/", views.RatesView.as_view(), name="rates"),
    path("umowa/<int:agreement_pk>/", views.SettlementView.as_view(), name="detail"),
]
