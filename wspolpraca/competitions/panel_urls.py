"""Officers' pages for calls: /panel/konkursy/ (calls, publication, offers, exports, plan, units)."""

from django.urls import path  # noqa: F401

app_name = "competitions_panel"

urlpatterns = []
