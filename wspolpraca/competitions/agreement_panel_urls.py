"""Agreements in the panel: /panel/umowy/ (and the offer updates they wait for)."""

from django.urls import path

from wspolpraca.competitions.views import agreements as views
from wspolpraca.competitions.views import offer_update

app_name = "agreements_panel"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("eksport.csv", views.AgreementExportView.as_view(), name="export_csv"),
    path("aktualizacje/", offer_update.UpdateListView.as_view(), name="updates"),
    path("aktualizacje/<int:pk>/", offer_update.UpdateReviewView.as_view(), name="update"),
    path("nowa/<int:offer_pk>/", views.DraftAgreementView.as_view(), name="draft"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<int:pk>/edycja/", views.EditAgreementView.as_view(), name="edit"),
    path("<int:pk>/wyslij/", views.SendAgreementView.as_view(), name="send"),
    path("<int:pk>/do-projektu/", views.BackToDraftView.as_view(), name="back_to_draft"),
    path("<int:pk>/podpisanie/", views.SignView.as_view(), name="sign"),
    path("<int:pk>/wejscie-w-zycie/", views.InForceView.as_view(), name="in_force"),
    path("<int:pk>/rozwiazanie/", views.TerminateView.as_view(), name="terminate"),
    path("<int:pk>/aneks/", views.AnnexView.as_view(), name="annex"),
    path("<int:pk>/transze/<int:tranche>/przelew/", views.TransferView.as_view(), name="transfer"),
    path("<int:pk>/umowa.pdf", views.AgreementPdfView.as_view(), name="pdf"),
    path("<int:pk>/skan.pdf", views.AgreementScanView.as_view(), name="scan"),
    path("<int:pk>/aneks-<int:number>.pdf", views.AnnexPdfView.as_view(), name="annex_pdf"),
    path("<int:pk>/tekst-jednolity.pdf", views.ConsolidatedPdfView.as_view(), name="consolidated_pdf"),
]
