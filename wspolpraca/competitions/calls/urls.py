"""URL maps of this stage; wspolpraca/urls.py mounts each under its prefix.

- `public` (namespace `competitions`): Public pages of open competitions: /konkursy/ (the call list, each call, feeds, the plan, alerts).
- `panel` (namespace `competitions_panel`): Officers' pages for calls: /panel/konkursy/ (calls, publication, offers, exports, plan, units).
- `plan_panel` (namespace `competitions_plan_panel`): The officers' pages of the yearly plan of calls: /panel/konkursy/plan/.
"""

from django.urls import path

from wspolpraca.competitions.calls.feeds import AnnouncementsFeed
from wspolpraca.competitions.calls.views import panel as panel_views
from wspolpraca.competitions.calls.views import plan as plan_views
from wspolpraca.competitions.calls.views import public as public_views
from wspolpraca.competitions.evaluation.views import results as results_views

public = (
    [
        path("", public_views.CallListView.as_view(), name="call_list"),
        path("terminy.ics", public_views.DeadlinesCalendarView.as_view(), name="deadlines_ics"),
        path("ogloszenia.atom", AnnouncementsFeed(), name="feed_atom"),
        path("powiadomienia/", public_views.CallAlertView.as_view(), name="alerts"),
        path("plan/", plan_views.PublicPlanView.as_view(), name="plan"),
        path("<slug:slug>/", public_views.CallDetailView.as_view(), name="call_detail"),
        path("<slug:slug>/uzasadnienie/", results_views.ReasonsRequestView.as_view(), name="reasons_request"),
    ],
    "competitions",
)

panel = (
    [
        # City units
        path("jednostki/", panel_views.UnitListView.as_view(), name="units"),
        path("jednostki/dodaj/", panel_views.UnitFormView.as_view(), name="unit_add"),
        path("jednostki/<int:pk>/", panel_views.UnitEditView.as_view(), name="unit_edit"),
        # Calls
        path("", panel_views.CallListView.as_view(), name="list"),
        path("nowy/", panel_views.CallCreateView.as_view(), name="call_add"),
        path("<int:pk>/", panel_views.CallDetailView.as_view(), name="call_detail"),
        path("<int:pk>/edycja/", panel_views.CallEditView.as_view(), name="call_edit"),
        path("<int:pk>/zadania/dodaj/", panel_views.TaskFormView.as_view(), name="task_add"),
        path("<int:pk>/zadania/<int:task_pk>/", panel_views.TaskFormView.as_view(), name="task_edit"),
        path("<int:pk>/zadania/<int:item_pk>/usun/", panel_views.TaskRemoveView.as_view(), name="task_remove"),
        path("<int:pk>/kryteria/", panel_views.CriteriaView.as_view(), name="criteria"),
        path("<int:pk>/zalaczniki/", panel_views.AttachmentsView.as_view(), name="attachments"),
        path(
            "<int:pk>/zalaczniki/<int:item_pk>/usun/",
            panel_views.AttachmentRemoveView.as_view(),
            name="attachment_remove",
        ),
        path("<int:pk>/dokumenty/", panel_views.DocumentsView.as_view(), name="documents"),
        path(
            "<int:pk>/dokumenty/<int:item_pk>/usun/", panel_views.DocumentRemoveView.as_view(), name="document_remove"
        ),
        path("<int:pk>/publikacja/", panel_views.PublishView.as_view(), name="publish"),
        path("<int:pk>/daty-publikacji/", panel_views.PublicationDatesView.as_view(), name="publication_dates"),
        path("<int:pk>/uniewaznij/", panel_views.CancelView.as_view(), name="cancel"),
        path("<int:pk>/ogloszenie.pdf", panel_views.NoticePdfView.as_view(), name="notice_pdf"),
        path("<int:pk>/ogloszenie-bip.html", panel_views.BipExportView.as_view(), name="bip_export"),
    ],
    "competitions_panel",
)

plan_panel = (
    [
        path("", plan_views.PlanPanelListView.as_view(), name="list"),
        path("dodaj/", plan_views.PlanEntryCreateView.as_view(), name="create"),
        path("<int:pk>/", plan_views.PlanEntryUpdateView.as_view(), name="edit"),
        path("<int:pk>/usun/", plan_views.PlanEntryDeleteView.as_view(), name="delete"),
    ],
    "competitions_plan_panel",
)
