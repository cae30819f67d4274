"""The consultations' URL maps: the public pages and the officers' panel."""

from django.urls import path

from wspolpraca.consultations.views import opinions, panel, public

public_patterns = [
    path("", public.ListView.as_view(), name="list"),
    path("<int:pk>/", public.DetailView.as_view(), name="detail"),
    path("<int:pk>/uwagi/nowa/", public.CommentView.as_view(), name="comment_add"),
    path("<int:pk>/uwagi/<int:comment_pk>/", public.CommentView.as_view(), name="comment_edit"),
    path("opinie/<int:pk>/", opinions.OpinionRequestView.as_view(), name="opinion"),
    path("opinie/<int:pk>/opinia/", opinions.RecordOpinionView.as_view(), name="opinion_record"),
    path("<int:pk>/raporty/<int:number>/", public.ReportView.as_view(), name="report"),
    path("<int:pk>/raporty/<int:number>/pdf/", public.ReportPdfView.as_view(), name="report_pdf"),
    path("<int:pk>/uwagi/bez-konta/", public.ResidentCommentView.as_view(), name="resident_comment"),
    path("<int:pk>/uwagi.csv", public.CommentsCsvView.as_view(), name="comments_csv"),
    path("<int:pk>/spotkania/<int:meeting_pk>/zapis/", public.MeetingRegisterView.as_view(), name="meeting_register"),
    path("uwagi/potwierdzenie/<str:token>/", public.CommentConfirmView.as_view(), name="comment_confirm"),
    path("konsultacje.atom", public.ConsultationsFeed(), name="feed_atom"),
    path("konsultacje.ics", public.CalendarView.as_view(), name="calendar_ics"),
    path("powiadomienia/", public.AlertView.as_view(), name="alerts"),
    path("powiadomienia/wypisz/<str:token>/", public.UnsubscribeView.as_view(), name="alert_unsubscribe"),
]
public_urls = (public_patterns, "consultations")

panel_patterns = [
    path("", panel.PanelListView.as_view(), name="list"),
    path("nowa/", panel.ConsultationFormView.as_view(), name="add"),
    path("<int:pk>/", panel.PanelDetailView.as_view(), name="detail"),
    path("<int:pk>/edycja/", panel.ConsultationFormView.as_view(), name="edit"),
    path("<int:pk>/jednostki/<int:unit_pk>/", panel.UnitEditView.as_view(), name="unit_edit"),
    path("<int:pk>/ogloszenie/", panel.AnnounceView.as_view(), name="announce"),
    path("<int:pk>/anulowanie/", panel.CancelView.as_view(), name="cancel"),
    path("<int:pk>/odpowiedzi/", panel.AnswersView.as_view(), name="answers"),
    path("<int:pk>/uwagi/<int:comment_pk>/ukrycie/", panel.HideCommentView.as_view(), name="comment_hide"),
    path("<int:pk>/raporty/nowy/", panel.ReportPublishView.as_view(), name="report_add"),
    path("<int:pk>/tekst-koncowy/", panel.FinalTextView.as_view(), name="final_text"),
    path("<int:pk>/uwagi.csv", panel.CommentsExportView.as_view(format="csv"), name="comments_csv"),
    path("<int:pk>/uwagi.xlsx", panel.CommentsExportView.as_view(format="xlsx"), name="comments_xlsx"),
    path("<int:pk>/uwagi/wpis/", panel.IntakeView.as_view(), name="intake"),
    path("<int:pk>/uwagi/<int:comment_pk>/skan/", panel.ScanView.as_view(), name="scan"),
    path("<int:pk>/spotkania/nowe/", panel.MeetingFormView.as_view(), name="meeting_add"),
    path("<int:pk>/spotkania/<int:meeting_pk>/", panel.MeetingView.as_view(), name="meeting"),
    path("<int:pk>/spotkania/<int:meeting_pk>/edycja/", panel.MeetingFormView.as_view(), name="meeting_edit"),
    path(
        "<int:pk>/spotkania/<int:meeting_pk>/zapisy.csv", panel.RegistrationsCsvView.as_view(), name="registrations_csv"
    ),
]
panel_urls = (panel_patterns, "consultations_panel")

# Opinion requests to bodies (/panel/konsultacje/opinie/).
opinions_panel_patterns = [
    path("", opinions.PanelListView.as_view(), name="list"),
    path("nowa/", opinions.RequestOpinionView.as_view(), name="add"),
    path("<int:pk>/", opinions.PanelDetailView.as_view(), name="detail"),
    path("<int:pk>/wycofanie/", opinions.WithdrawView.as_view(), name="withdraw"),
]
opinions_panel_urls = (opinions_panel_patterns, "opinions_panel")
