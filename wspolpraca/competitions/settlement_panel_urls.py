"""Settlements, returns of funds and interest rates in the panel: /panel/rozliczenia/."""

app_name = "settlements_panel"

urlpatterns = []
