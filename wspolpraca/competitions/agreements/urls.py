"""URL maps of this stage; wspolpraca/urls.py mounts each under its prefix.

- `public` (namespace `award`): The offeror's side after the award: the offer update and the agreement, under /oferty/.
- `panel` (namespace `agreements_panel`): Agreements in the panel: /panel/umowy/ (and the offer updates they wait for).
"""

from django.urls import path

from wspolpraca.competitions.agreements.views import agreements as agreements_views
from wspolpraca.competitions.agreements.views import offer_update as offer_update_views

public = (
    [
        path("<int:pk>/aktualizacja/", offer_update_views.UpdateView.as_view(), name="update"),
        path("<int:pk>/aktualizacja/rezygnacja/", offer_update_views.WithdrawFromGrantView.as_view(), name="withdraw"),
        path("<int:pk>/umowa/", agreements_views.OfferorAgreementView.as_view(), name="agreement"),
        path("<int:pk>/umowa/umowa.pdf", agreements_views.OfferorAgreementPdfView.as_view(), name="agreement_pdf"),
        path("<int:pk>/umowa/skan.pdf", agreements_views.OfferorAgreementScanView.as_view(), name="agreement_scan"),
        path(
            "<int:pk>/umowa/aneks-<int:number>.pdf",
            agreements_views.OfferorAnnexPdfView.as_view(),
            name="agreement_annex_pdf",
        ),
        path(
            "<int:pk>/umowa/tekst-jednolity.pdf",
            agreements_views.OfferorConsolidatedPdfView.as_view(),
            name="agreement_consolidated_pdf",
        ),
    ],
    "award",
)

panel = (
    [
        path("", agreements_views.AgreementListView.as_view(), name="list"),
        path("eksport.csv", agreements_views.AgreementExportView.as_view(), name="export_csv"),
        path("aktualizacje/", offer_update_views.UpdateListView.as_view(), name="updates"),
        path("aktualizacje/<int:pk>/", offer_update_views.UpdateReviewView.as_view(), name="update"),
        path("nowa/<int:offer_pk>/", agreements_views.DraftAgreementView.as_view(), name="draft"),
        path("<int:pk>/", agreements_views.AgreementDetailView.as_view(), name="detail"),
        path("<int:pk>/edycja/", agreements_views.EditAgreementView.as_view(), name="edit"),
        path("<int:pk>/wyslij/", agreements_views.SendAgreementView.as_view(), name="send"),
        path("<int:pk>/do-projektu/", agreements_views.BackToDraftView.as_view(), name="back_to_draft"),
        path("<int:pk>/podpisanie/", agreements_views.SignView.as_view(), name="sign"),
        path("<int:pk>/wejscie-w-zycie/", agreements_views.InForceView.as_view(), name="in_force"),
        path("<int:pk>/rozwiazanie/", agreements_views.TerminateView.as_view(), name="terminate"),
        path("<int:pk>/aneks/", agreements_views.AnnexView.as_view(), name="annex"),
        path("<int:pk>/transze/<int:tranche>/przelew/", agreements_views.TransferView.as_view(), name="transfer"),
        path("<int:pk>/umowa.pdf", agreements_views.AgreementPdfView.as_view(), name="pdf"),
        path("<int:pk>/skan.pdf", agreements_views.AgreementScanView.as_view(), name="scan"),
        path("<int:pk>/aneks-<int:number>.pdf", agreements_views.AnnexPdfView.as_view(), name="annex_pdf"),
        path("<int:pk>/tekst-jednolity.pdf", agreements_views.ConsolidatedPdfView.as_view(), name="consolidated_pdf"),
    ],
    "agreements_panel",
)
