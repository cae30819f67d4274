"""Officers' pages for calls: /panel/konkursy/ (calls, publication, offers, exports, plan, units)."""

from django.urls import path

from wspolpraca.competitions.views import panel_calls

app_name = "competitions_panel"

urlpatterns = [
    # City units
    path("jednostki/", panel_calls.UnitListView.as_view(), name="units"),
    path("jednostki/dodaj/", panel_calls.UnitFormView.as_view(), name="unit_add"),
    path("jednostki/<int:pk>/", panel_calls.UnitEditView.as_view(), name="unit_edit"),
    # Calls
    path("", panel_calls.CallListView.as_view(), name="list"),
    path("nowy/", panel_calls.CallCreateView.as_view(), name="call_add"),
    path("<int:pk>/", panel_calls.CallDetailView.as_view(), name="call_detail"),
    path("<int:pk>/edycja/", panel_calls.CallEditView.as_view(), name="call_edit"),
    path("<int:pk>/zadania/dodaj/", panel_calls.TaskFormView.as_view(), name="task_add"),
    path("<int:pk>/zadania/<int:task_pk>/", panel_calls.TaskFormView.as_view(), name="task_edit"),
    path("<int:pk>/zadania/<int:item_pk>/usun/", panel_calls.TaskRemoveView.as_view(), name="task_remove"),
    path("<int:pk>/kryteria/", panel_calls.CriteriaView.as_view(), name="criteria"),
    path("<int:pk>/zalaczniki/", panel_calls.AttachmentsView.as_view(), name="attachments"),
    path(
        "<int:pk>/zalaczniki/<int:item_pk>/usun/",
        panel_calls.AttachmentRemoveView.as_view(),
        name="attachment_remove",
    ),
    path("<int:pk>/dokumenty/", panel_calls.DocumentsView.as_view(), name="documents"),
    path("<int:pk>/dokumenty/<int:item_pk>/usun/", panel_calls.DocumentRemoveView.as_view(), name="document_remove"),
    path("<int:pk>/publikacja/", panel_calls.PublishView.as_view(), name="publish"),
    path("<int:pk>/daty-publikacji/", panel_calls.PublicationDatesView.as_view(), name="publication_dates"),
    path("<int:pk>/uniewaznij/", panel_calls.CancelView.as_view(), name="cancel"),
    path("<int:pk>/ogloszenie.pdf", panel_calls.NoticePdfView.as_view(), name="notice_pdf"),
    path("<int:pk>/ogloszenie-bip.html", panel_calls.BipExportView.as_view(), name="bip_export"),
]
