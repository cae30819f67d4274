"""Submission, versions, receipts and PDFs of offers: /oferty/ (same prefix as the editor)."""

from django.urls import path

from wspolpraca.competitions.views import submission as views

app_name = "offer_submission"

urlpatterns = [
    path("<int:pk>/zloz/", views.SubmitView.as_view(), name="submit"),
    path("<int:pk>/wycofaj/", views.WithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/wersje/", views.VersionsView.as_view(), name="versions"),
    path(
        "<int:pk>/wersje/<int:number>/potwierdzenie.pdf",
        views.VersionDocumentView.as_view(document="receipt"),
        name="receipt",
    ),
    path("<int:pk>/wersje/<int:number>/oferta.pdf", views.VersionDocumentView.as_view(document="offer"), name="pdf"),
    path(
        "<int:pk>/wersje/<int:number>/kanoniczna.json",
        views.VersionDocumentView.as_view(document="canonical"),
        name="canonical",
    ),
]
