"""The URL maps of the competitions, one per namespace; wspolpraca/urls.py mounts each.

URL maps are entry points, like admin.py: they name pages of several stages under one namespace
(a call's panel pages come from the calls and the evaluation), so they sit above every stage
(docs/decisions/0009). Each map: (patterns, namespace).
"""

from django.urls import path

from wspolpraca.competitions.agreements.views import agreements as agreements_agreements_views
from wspolpraca.competitions.agreements.views import offer_update as agreements_offer_update_views
from wspolpraca.competitions.calls.feeds import AnnouncementsFeed
from wspolpraca.competitions.calls.views import panel as calls_panel_views
from wspolpraca.competitions.calls.views import plan as calls_plan_views
from wspolpraca.competitions.calls.views import public as calls_public_views
from wspolpraca.competitions.evaluation.views import cancellation as evaluation_cancellation_views
from wspolpraca.competitions.evaluation.views import commission as evaluation_commission_views
from wspolpraca.competitions.evaluation.views import results as calls_results_views
from wspolpraca.competitions.evaluation.views import results as evaluation_results_views
from wspolpraca.competitions.evaluation.views import scoring as evaluation_scoring_views
from wspolpraca.competitions.offers.views import copying as offers_copying_views
from wspolpraca.competitions.offers.views import editor as offers_editor_views
from wspolpraca.competitions.offers.views import panel as offers_panel_views
from wspolpraca.competitions.offers.views import partners as offers_partners_views
from wspolpraca.competitions.offers.views import submission as offers_submission_views
from wspolpraca.competitions.register import views as register_views
from wspolpraca.competitions.reporting.views import reports as reporting_reports_views
from wspolpraca.competitions.reporting.views import settlement as reporting_settlement_views
from wspolpraca.competitions.small_grants.views import panel as small_grants_panel_views
from wspolpraca.competitions.small_grants.views import public as small_grants_public_views

calls = (
    [
        path("", calls_public_views.CallListView.as_view(), name="call_list"),
        path("terminy.ics", calls_public_views.DeadlinesCalendarView.as_view(), name="deadlines_ics"),
        path("ogloszenia.atom", AnnouncementsFeed(), name="feed_atom"),
        path("powiadomienia/", calls_public_views.CallAlertView.as_view(), name="alerts"),
        path("plan/", calls_plan_views.PublicPlanView.as_view(), name="plan"),
        path("<slug:slug>/", calls_public_views.CallDetailView.as_view(), name="call_detail"),
        path("<slug:slug>/uzasadnienie/", calls_results_views.ReasonsRequestView.as_view(), name="reasons_request"),
    ],
    "competitions",
)

calls_panel = (
    [
        # City units
        path("jednostki/", calls_panel_views.UnitListView.as_view(), name="units"),
        path("jednostki/dodaj/", calls_panel_views.UnitFormView.as_view(), name="unit_add"),
        path("jednostki/<int:pk>/", calls_panel_views.UnitEditView.as_view(), name="unit_edit"),
        # Calls
        path("", calls_panel_views.CallListView.as_view(), name="list"),
        path("nowy/", calls_panel_views.CallCreateView.as_view(), name="call_add"),
        path("<int:pk>/", calls_panel_views.CallDetailView.as_view(), name="call_detail"),
        path("<int:pk>/edycja/", calls_panel_views.CallEditView.as_view(), name="call_edit"),
        path("<int:pk>/zadania/dodaj/", calls_panel_views.TaskFormView.as_view(), name="task_add"),
        path("<int:pk>/zadania/<int:task_pk>/", calls_panel_views.TaskFormView.as_view(), name="task_edit"),
        path("<int:pk>/zadania/<int:item_pk>/usun/", calls_panel_views.TaskRemoveView.as_view(), name="task_remove"),
        path("<int:pk>/kryteria/", calls_panel_views.CriteriaView.as_view(), name="criteria"),
        path("<int:pk>/zalaczniki/", calls_panel_views.AttachmentsView.as_view(), name="attachments"),
        path(
            "<int:pk>/zalaczniki/<int:item_pk>/usun/",
            calls_panel_views.AttachmentRemoveView.as_view(),
            name="attachment_remove",
        ),
        path("<int:pk>/dokumenty/", calls_panel_views.DocumentsView.as_view(), name="documents"),
        path(
            "<int:pk>/dokumenty/<int:item_pk>/usun/",
            calls_panel_views.DocumentRemoveView.as_view(),
            name="document_remove",
        ),
        path("<int:pk>/publikacja/", calls_panel_views.PublishView.as_view(), name="publish"),
        path("<int:pk>/daty-publikacji/", calls_panel_views.PublicationDatesView.as_view(), name="publication_dates"),
        path("<int:pk>/uniewaznij/", evaluation_cancellation_views.CancelView.as_view(), name="cancel"),
        path("<int:pk>/ogloszenie.pdf", calls_panel_views.NoticePdfView.as_view(), name="notice_pdf"),
        path("<int:pk>/ogloszenie-bip.html", calls_panel_views.BipExportView.as_view(), name="bip_export"),
    ],
    "competitions_panel",
)

calls_plan_panel = (
    [
        path("", calls_plan_views.PlanPanelListView.as_view(), name="list"),
        path("dodaj/", calls_plan_views.PlanEntryCreateView.as_view(), name="create"),
        path("<int:pk>/", calls_plan_views.PlanEntryUpdateView.as_view(), name="edit"),
        path("<int:pk>/usun/", calls_plan_views.PlanEntryDeleteView.as_view(), name="delete"),
    ],
    "competitions_plan_panel",
)

offers = (
    [
        path("", offers_editor_views.MyOffersView.as_view(), name="mine"),
        path("nowa/", offers_editor_views.StartOfferView.as_view(), name="start"),
        path("kopiuj/", offers_copying_views.CopyOfferView.as_view(), name="copy"),
        path("<int:pk>/", offers_editor_views.OfferDetailView.as_view(), name="detail"),
        path("<int:pk>/sekcja/<str:section>/", offers_editor_views.SectionEditView.as_view(), name="edit"),
        path("<int:pk>/sekcja/<str:section>/autozapis/", offers_editor_views.AutosaveView.as_view(), name="autosave"),
        path("<int:pk>/sekcja/<str:section>/wyliczenia/", offers_editor_views.FiguresView.as_view(), name="figures"),
        path("<int:pk>/zalaczniki/", offers_editor_views.AttachmentsView.as_view(), name="attachments"),
        path(
            "<int:pk>/zalaczniki/<int:attachment>/",
            offers_editor_views.AttachmentDownloadView.as_view(),
            name="attachment_download",
        ),
        path(
            "<int:pk>/zalaczniki/<int:attachment>/usun/",
            offers_editor_views.AttachmentRemoveView.as_view(),
            name="attachment_remove",
        ),
        path("<int:pk>/partnerzy/", offers_partners_views.PartnersView.as_view(), name="partners"),
        path(
            "<int:pk>/partnerzy/<int:partner>/usun/",
            offers_partners_views.PartnerRemoveView.as_view(),
            name="partner_remove",
        ),
        path(
            "<int:pk>/partnerzy/zaproszenia/<int:invitation>/wycofaj/",
            offers_partners_views.InvitationWithdrawView.as_view(),
            name="invitation_withdraw",
        ),
        path("zaproszenia/<int:pk>/", offers_partners_views.InvitationView.as_view(), name="invitation"),
    ],
    "offers",
)

offers_panel = (
    [
        path("", offers_panel_views.OfferListView.as_view(), name="list"),
        path("eksport.xlsx", offers_panel_views.OfferExportView.as_view(format="xlsx"), name="export_xlsx"),
        path("eksport.csv", offers_panel_views.OfferExportView.as_view(format="csv"), name="export_csv"),
        path("<int:pk>/", offers_panel_views.OfferDetailView.as_view(), name="detail"),
        path(
            "<int:pk>/wersje/<int:number>/pdf-ponownie/",
            offers_panel_views.OfferPdfRenderAgainView.as_view(),
            name="render_pdf_again",
        ),
        path(
            "<int:pk>/wersje/<int:number>/pdf-ponownie/<str:stamp>.pdf",
            offers_panel_views.OfferPdfRenderedView.as_view(),
            name="rendered_pdf",
        ),
        path("lista-kontrolna/", offers_panel_views.ChecklistView.as_view(), name="checklist"),
        path("<int:pk>/ocena-formalna/", offers_panel_views.FormalCheckView.as_view(), name="formal_check"),
    ],
    "offers_panel",
)

offers_submission = (
    [
        path("<int:pk>/zloz/", offers_submission_views.SubmitView.as_view(), name="submit"),
        path("<int:pk>/wycofaj/", offers_submission_views.WithdrawView.as_view(), name="withdraw"),
        path("<int:pk>/wersje/", offers_submission_views.VersionsView.as_view(), name="versions"),
        path("<int:pk>/podglad-wydruku.pdf", offers_submission_views.PreviewPdfView.as_view(), name="preview_pdf"),
        path(
            "<int:pk>/wersje/<int:number>/potwierdzenie.pdf",
            offers_submission_views.VersionDocumentView.as_view(document="receipt"),
            name="receipt",
        ),
        path(
            "<int:pk>/wersje/<int:number>/oferta.pdf",
            offers_submission_views.VersionDocumentView.as_view(document="offer"),
            name="pdf",
        ),
        path(
            "<int:pk>/wersje/<int:number>/kanoniczna.json",
            offers_submission_views.VersionDocumentView.as_view(document="canonical"),
            name="canonical",
        ),
    ],
    "offer_submission",
)

small_grants = (
    [
        path("", small_grants_public_views.IndexView.as_view(), name="index"),
        path("oferty/<int:pk>/", small_grants_public_views.OfferView.as_view(), name="offer"),
        path("<slug:slug>/", small_grants_public_views.CallDetailView.as_view(), name="call_detail"),
    ],
    "small_grants",
)

small_grants_panel = (
    [
        path("", small_grants_panel_views.ListView.as_view(), name="list"),
        path("ustawienia/", small_grants_panel_views.SettingsView.as_view(), name="settings"),
        path("<int:pk>/", small_grants_panel_views.DetailView.as_view(), name="detail"),
        path("<int:pk>/publikuj/", small_grants_panel_views.PublishView.as_view(), name="publish"),
        path("<int:pk>/decyzja/", small_grants_panel_views.DecideView.as_view(), name="decide"),
        path("uwagi/<int:pk>/", small_grants_panel_views.CommentView.as_view(), name="comment"),
    ],
    "small_grants_panel",
)

evaluation_commission = (
    [
        path("", evaluation_commission_views.MyCommissionsView.as_view(), name="mine"),
        path("kandydaci/", evaluation_commission_views.PoolView.as_view(), name="pool"),
        path("sklad/", evaluation_commission_views.CommissionCallsView.as_view(), name="calls"),
        path("sklad/<int:call_pk>/", evaluation_commission_views.CommissionView.as_view(), name="appoint"),
        path("<int:call_pk>/", evaluation_commission_views.MemberCallView.as_view(), name="call"),
        path("<int:call_pk>/oferty/<int:pk>/", evaluation_commission_views.MemberOfferView.as_view(), name="offer"),
        path(
            "<int:call_pk>/oferty/<int:pk>/oferta.pdf",
            evaluation_commission_views.MemberOfferPdfView.as_view(),
            name="offer_pdf",
        ),
        # Scoring
        path("<int:call_pk>/oferty/<int:pk>/ocena/", evaluation_scoring_views.ScoreSheetView.as_view(), name="sheet"),
        path(
            "<int:call_pk>/oferty/<int:pk>/ocena/suma/",
            evaluation_scoring_views.SheetTotalView.as_view(),
            name="sheet_total",
        ),
        path(
            "<int:call_pk>/oferty/<int:pk>/ocena/zloz/",
            evaluation_scoring_views.SubmitSheetView.as_view(),
            name="sheet_submit",
        ),
        path("<int:call_pk>/przeglad/", evaluation_scoring_views.OverviewView.as_view(), name="overview"),
        path(
            "<int:call_pk>/oferty/<int:pk>/kwota/", evaluation_scoring_views.ProposeAmountView.as_view(), name="propose"
        ),
        path("<int:call_pk>/zamkniecie/", evaluation_scoring_views.CloseEvaluationView.as_view(), name="close"),
        path("<int:call_pk>/wznowienie/", evaluation_scoring_views.ReopenEvaluationView.as_view(), name="reopen"),
        path("<int:call_pk>/protokol.pdf", evaluation_scoring_views.MinutesView.as_view(), name="minutes"),
    ],
    "commission_panel",
)

evaluation_nomination = (
    [path("", evaluation_commission_views.NominationsView.as_view(), name="list")],
    "commission_nominations",
)

evaluation_results = (
    [
        path("", evaluation_results_views.DecisionView.as_view(), name="decision"),
        path("publikacja/", evaluation_results_views.ResultsPublicationView.as_view(), name="publication"),
        path(
            "uniewaznienie/",
            evaluation_results_views.CancellationPublicationView.as_view(),
            name="cancellation_publication",
        ),
        path("uzasadnienia/", evaluation_results_views.ReasonsListView.as_view(), name="reasons"),
        path("uzasadnienia/<int:pk>/", evaluation_results_views.ReasonsReplyView.as_view(), name="reasons_reply"),
    ],
    "results_panel",
)

agreements = (
    [
        path("<int:pk>/aktualizacja/", agreements_offer_update_views.UpdateView.as_view(), name="update"),
        path(
            "<int:pk>/aktualizacja/rezygnacja/",
            agreements_offer_update_views.WithdrawFromGrantView.as_view(),
            name="withdraw",
        ),
        path("<int:pk>/umowa/", agreements_agreements_views.OfferorAgreementView.as_view(), name="agreement"),
        path(
            "<int:pk>/umowa/umowa.pdf",
            agreements_agreements_views.OfferorAgreementPdfView.as_view(),
            name="agreement_pdf",
        ),
        path(
            "<int:pk>/umowa/skan.pdf",
            agreements_agreements_views.OfferorAgreementScanView.as_view(),
            name="agreement_scan",
        ),
        path(
            "<int:pk>/umowa/aneks-<int:number>.pdf",
            agreements_agreements_views.OfferorAnnexPdfView.as_view(),
            name="agreement_annex_pdf",
        ),
        path(
            "<int:pk>/umowa/tekst-jednolity.pdf",
            agreements_agreements_views.OfferorConsolidatedPdfView.as_view(),
            name="agreement_consolidated_pdf",
        ),
    ],
    "award",
)

agreements_panel = (
    [
        path("", agreements_agreements_views.AgreementListView.as_view(), name="list"),
        path("eksport.csv", agreements_agreements_views.AgreementExportView.as_view(), name="export_csv"),
        path("aktualizacje/", agreements_offer_update_views.UpdateListView.as_view(), name="updates"),
        path("aktualizacje/<int:pk>/", agreements_offer_update_views.UpdateReviewView.as_view(), name="update"),
        path("nowa/<int:offer_pk>/", agreements_agreements_views.DraftAgreementView.as_view(), name="draft"),
        path("<int:pk>/", agreements_agreements_views.AgreementDetailView.as_view(), name="detail"),
        path("<int:pk>/edycja/", agreements_agreements_views.EditAgreementView.as_view(), name="edit"),
        path("<int:pk>/wyslij/", agreements_agreements_views.SendAgreementView.as_view(), name="send"),
        path("<int:pk>/do-projektu/", agreements_agreements_views.BackToDraftView.as_view(), name="back_to_draft"),
        path("<int:pk>/podpisanie/", agreements_agreements_views.SignView.as_view(), name="sign"),
        path("<int:pk>/wejscie-w-zycie/", agreements_agreements_views.InForceView.as_view(), name="in_force"),
        path("<int:pk>/rozwiazanie/", agreements_agreements_views.TerminateView.as_view(), name="terminate"),
        path("<int:pk>/aneks/", agreements_agreements_views.AnnexView.as_view(), name="annex"),
        path(
            "<int:pk>/transze/<int:tranche>/przelew/",
            agreements_agreements_views.TransferView.as_view(),
            name="transfer",
        ),
        path("<int:pk>/umowa.pdf", agreements_agreements_views.AgreementPdfView.as_view(), name="pdf"),
        path("<int:pk>/skan.pdf", agreements_agreements_views.AgreementScanView.as_view(), name="scan"),
        path("<int:pk>/aneks-<int:number>.pdf", agreements_agreements_views.AnnexPdfView.as_view(), name="annex_pdf"),
        path(
            "<int:pk>/tekst-jednolity.pdf",
            agreements_agreements_views.ConsolidatedPdfView.as_view(),
            name="consolidated_pdf",
        ),
    ],
    "agreements_panel",
)

reporting = (
    [
        path("sprawozdania/", reporting_reports_views.MyReportsView.as_view(), name="mine"),
        path("sprawozdania/<int:pk>/", reporting_reports_views.ReportView.as_view(), name="detail"),
        path("sprawozdania/<int:pk>/pdf/", reporting_reports_views.ReportPdfView.as_view(), name="pdf"),
        path(
            "sprawozdania/<int:pk>/kanoniczne.json",
            reporting_reports_views.ReportCanonicalView.as_view(),
            name="canonical",
        ),
    ],
    "reports",
)

reporting_panel = (
    [
        path("", reporting_reports_views.PanelReportListView.as_view(), name="list"),
        path("eksport.csv", reporting_reports_views.PanelReportExportView.as_view(), name="export_csv"),
        path("wezwij/", reporting_reports_views.RequestPartialReportView.as_view(), name="request"),
        path("<int:pk>/", reporting_reports_views.PanelReportView.as_view(), name="detail"),
        path("<int:pk>/pdf/", reporting_reports_views.PanelReportPdfView.as_view(), name="pdf"),
    ],
    "reports_panel",
)

reporting_settlement = (
    [
        path("", reporting_settlement_views.SettlementListView.as_view(), name="list"),
        path("stawki/", reporting_settlement_views.RatesView.as_view(), name="rates"),
        path("umowa/<int:agreement_pk>/", reporting_settlement_views.SettlementView.as_view(), name="detail"),
    ],
    "settlements_panel",
)

register = (
    [
        path("", register_views.RegisterView.as_view(), name="index"),
        path("rejestr.csv", register_views.RegisterCsvView.as_view(), name="export_csv"),
        path("rejestr.xlsx", register_views.RegisterXlsxView.as_view(), name="export_xlsx"),
        path("rejestr.json", register_views.RegisterJsonView.as_view(), name="export_json"),
    ],
    "register",
)
