"""Submission, versions, receipts and PDFs of offers: /oferty/ (same prefix as the editor)."""

from django.urls import path  # noqa: F401

app_name = "offer_submission"

urlpatterns = []
