"""Public pages of small grants (art. 19a): /male-granty/ (offers under comment, comments)."""

from django.urls import path  # noqa: F401

app_name = "small_grants"

urlpatterns = []
