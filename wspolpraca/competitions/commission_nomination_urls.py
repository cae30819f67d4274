"""Organisations nominate candidates for competition commissions: /oferty/kandydaci-do-komisji/."""

from django.urls import path

from wspolpraca.competitions.views import commission as views

app_name = "commission_nominations"

urlpatterns = [path("", views.NominationsView.as_view(), name="list")]
