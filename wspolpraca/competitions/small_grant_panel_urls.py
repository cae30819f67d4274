"""Officers' pages for small grants: /panel/male-granty/ (publication, moderation, decisions)."""

from django.urls import path  # noqa: F401

app_name = "small_grants_panel"

urlpatterns = []
