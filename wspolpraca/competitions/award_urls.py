"""The offeror's side after the award: the offer update and the agreement, under /oferty/."""

from django.urls import path

from wspolpraca.competitions.views import agreements, offer_update

app_name = "award"

urlpatterns = [
    path("<int:pk>/aktualizacja/", offer_update.UpdateView.as_view(), name="update"),
    path("<int:pk>/aktualizacja/rezygnacja/", offer_update.WithdrawFromGrantView.as_view(), name="withdraw"),
    path("<int:pk>/umowa/", agreements.OfferorAgreementView.as_view(), name="agreement"),
    path("<int:pk>/umowa/umowa.pdf", agreements.OfferorAgreementPdfView.as_view(), name="agreement_pdf"),
    path("<int:pk>/umowa/skan.pdf", agreements.OfferorAgreementScanView.as_view(), name="agreement_scan"),
    path("<int:pk>/umowa/aneks-<int:number>.pdf", agreements.OfferorAnnexPdfView.as_view(), name="agreement_annex_pdf"),
    path(
        "<int:pk>/umowa/tekst-jednolity.pdf",
        agreements.OfferorConsolidatedPdfView.as_view(),
        name="agreement_consolidated_pdf",
    ),
]
