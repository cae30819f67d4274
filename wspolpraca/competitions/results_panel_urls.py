"""The executive decision and the results of a call in the panel: /panel/konkursy/<call_pk>/wyniki/."""

from django.urls import path

from wspolpraca.competitions.views import results

app_name = "results_panel"

urlpatterns = [
    path("", results.DecisionView.as_view(), name="decision"),
    path("publikacja/", results.ResultsPublicationView.as_view(), name="publication"),
    path("uniewaznienie/", results.CancellationPublicationView.as_view(), name="cancellation_publication"),
    path("uzasadnienia/", results.ReasonsListView.as_view(), name="reasons"),
    path("uzasadnienia/<int:pk>/", results.ReasonsReplyView.as_view(), name="reasons_reply"),
]
