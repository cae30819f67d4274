"""URL maps of this stage; wspolpraca/urls.py mounts each under its prefix.

- `public` (namespace `offers`): The NGO's offer editor: /oferty/ (my offers, start, edit by section, attachments).
- `panel` (namespace `offers_panel`): Officers' list of a call's offers and its exports: /panel/konkursy/<call_pk>/oferty/.
- `submission` (namespace `offer_submission`): Submission, versions, receipts and PDFs of offers: /oferty/ (same prefix as the editor).
"""

from django.urls import path

from wspolpraca.competitions.offers.views import editor as editor_views
from wspolpraca.competitions.offers.views import panel as panel_views
from wspolpraca.competitions.offers.views import partners as partners_views
from wspolpraca.competitions.offers.views import submission as submission_views

public = (
    [
        path("", editor_views.MyOffersView.as_view(), name="mine"),
        path("nowa/", editor_views.StartOfferView.as_view(), name="start"),
        path("<int:pk>/", editor_views.OfferDetailView.as_view(), name="detail"),
        path("<int:pk>/sekcja/<str:section>/", editor_views.SectionEditView.as_view(), name="edit"),
        path("<int:pk>/sekcja/<str:section>/autozapis/", editor_views.AutosaveView.as_view(), name="autosave"),
        path("<int:pk>/sekcja/<str:section>/wyliczenia/", editor_views.FiguresView.as_view(), name="figures"),
        path("<int:pk>/zalaczniki/", editor_views.AttachmentsView.as_view(), name="attachments"),
        path(
            "<int:pk>/zalaczniki/<int:attachment>/",
            editor_views.AttachmentDownloadView.as_view(),
            name="attachment_download",
        ),
        path(
            "<int:pk>/zalaczniki/<int:attachment>/usun/",
            editor_views.AttachmentRemoveView.as_view(),
            name="attachment_remove",
        ),
        path("<int:pk>/partnerzy/", partners_views.PartnersView.as_view(), name="partners"),
        path(
            "<int:pk>/partnerzy/<int:partner>/usun/", partners_views.PartnerRemoveView.as_view(), name="partner_remove"
        ),
        path(
            "<int:pk>/partnerzy/zaproszenia/<int:invitation>/wycofaj/",
            partners_views.InvitationWithdrawView.as_view(),
            name="invitation_withdraw",
        ),
        path("zaproszenia/<int:pk>/", partners_views.InvitationView.as_view(), name="invitation"),
    ],
    "offers",
)

panel = (
    [
        path("", panel_views.OfferListView.as_view(), name="list"),
        path("eksport.xlsx", panel_views.OfferExportView.as_view(format="xlsx"), name="export_xlsx"),
        path("eksport.csv", panel_views.OfferExportView.as_view(format="csv"), name="export_csv"),
        path("<int:pk>/", panel_views.OfferDetailView.as_view(), name="detail"),
        path(
            "<int:pk>/wersje/<int:number>/pdf-ponownie/",
            panel_views.OfferPdfRenderAgainView.as_view(),
            name="render_pdf_again",
        ),
        path(
            "<int:pk>/wersje/<int:number>/pdf-ponownie/<str:stamp>.pdf",
            panel_views.OfferPdfRenderedView.as_view(),
            name="rendered_pdf",
        ),
        path("lista-kontrolna/", panel_views.ChecklistView.as_view(), name="checklist"),
        path("<int:pk>/ocena-formalna/", panel_views.FormalCheckView.as_view(), name="formal_check"),
    ],
    "offers_panel",
)

submission = (
    [
        path("<int:pk>/zloz/", submission_views.SubmitView.as_view(), name="submit"),
        path("<int:pk>/wycofaj/", submission_views.WithdrawView.as_view(), name="withdraw"),
        path("<int:pk>/wersje/", submission_views.VersionsView.as_view(), name="versions"),
        path(
            "<int:pk>/wersje/<int:number>/potwierdzenie.pdf",
            submission_views.VersionDocumentView.as_view(document="receipt"),
            name="receipt",
        ),
        path(
            "<int:pk>/wersje/<int:number>/oferta.pdf",
            submission_views.VersionDocumentView.as_view(document="offer"),
            name="pdf",
        ),
        path(
            "<int:pk>/wersje/<int:number>/kanoniczna.json",
            submission_views.VersionDocumentView.as_view(document="canonical"),
            name="canonical",
        ),
    ],
    "offer_submission",
)
