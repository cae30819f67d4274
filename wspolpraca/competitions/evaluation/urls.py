"""URL maps of this stage; wspolpraca/urls.py mounts each under its prefix.

- `commission` (namespace `commission_panel`): The commission in the panel: /panel/komisje/ (members' pages, the pool), the appointment page,
- `nomination` (namespace `commission_nominations`): Organisations nominate candidates for competition commissions: /oferty/kandydaci-do-komisji/.
- `results` (namespace `results_panel`): The executive decision and the results of a call in the panel: /panel/konkursy/<call_pk>/wyniki/.
"""

from django.urls import path

from wspolpraca.competitions.evaluation.views import commission as commission_views
from wspolpraca.competitions.evaluation.views import results as results_views
from wspolpraca.competitions.evaluation.views import scoring as scoring_views

commission = (
    [
        path("", commission_views.MyCommissionsView.as_view(), name="mine"),
        path("kandydaci/", commission_views.PoolView.as_view(), name="pool"),
        path("sklad/", commission_views.CommissionCallsView.as_view(), name="calls"),
        path("sklad/<int:call_pk>/", commission_views.CommissionView.as_view(), name="appoint"),
        path("<int:call_pk>/", commission_views.MemberCallView.as_view(), name="call"),
        path("<int:call_pk>/oferty/<int:pk>/", commission_views.MemberOfferView.as_view(), name="offer"),
        path(
            "<int:call_pk>/oferty/<int:pk>/oferta.pdf", commission_views.MemberOfferPdfView.as_view(), name="offer_pdf"
        ),
        # Scoring
        path("<int:call_pk>/oferty/<int:pk>/ocena/", scoring_views.ScoreSheetView.as_view(), name="sheet"),
        path("<int:call_pk>/oferty/<int:pk>/ocena/zloz/", scoring_views.SubmitSheetView.as_view(), name="sheet_submit"),
        path("<int:call_pk>/przeglad/", scoring_views.OverviewView.as_view(), name="overview"),
        path("<int:call_pk>/oferty/<int:pk>/kwota/", scoring_views.ProposeAmountView.as_view(), name="propose"),
        path("<int:call_pk>/zamkniecie/", scoring_views.CloseEvaluationView.as_view(), name="close"),
        path("<int:call_pk>/wznowienie/", scoring_views.ReopenEvaluationView.as_view(), name="reopen"),
        path("<int:call_pk>/protokol.pdf", scoring_views.MinutesView.as_view(), name="minutes"),
    ],
    "commission_panel",
)

nomination = (
    [path("", commission_views.NominationsView.as_view(), name="list")],
    "commission_nominations",
)

results = (
    [
        path("", results_views.DecisionView.as_view(), name="decision"),
        path("publikacja/", results_views.ResultsPublicationView.as_view(), name="publication"),
        path("uniewaznienie/", results_views.CancellationPublicationView.as_view(), name="cancellation_publication"),
        path("uzasadnienia/", results_views.ReasonsListView.as_view(), name="reasons"),
        path("uzasadnienia/<int:pk>/", results_views.ReasonsReplyView.as_view(), name="reasons_reply"),
    ],
    "results_panel",
)
