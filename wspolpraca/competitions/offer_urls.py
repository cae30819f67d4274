"""The NGO's offer editor: /oferty/ (my offers, start, edit by section, attachments)."""

from django.urls import path  # noqa: F401

app_name = "offers"

urlpatterns = []
