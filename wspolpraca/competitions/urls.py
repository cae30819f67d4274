"""Public pages of open competitions: /konkursy/ (the call list, each call, feeds, the plan, alerts)."""

from django.urls import path  # noqa: F401

app_name = "competitions"

urlpatterns = []
