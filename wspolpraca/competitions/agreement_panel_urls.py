"""Agreements in the panel: /panel/umowy/."""

app_name = "agreements_panel"

urlpatterns = []
