"""The commission in the panel: /panel/komisje/ (members' pages, the pool), the appointment page,
and scoring (score sheets, the evaluation overview, closing, the minutes)."""

from django.urls import path

from wspolpraca.competitions.views import commission as views
from wspolpraca.competitions.views import scoring

app_name = "commission_panel"

urlpatterns = [
    path("", views.MyCommissionsView.as_view(), name="mine"),
    path("kandydaci/", views.PoolView.as_view(), name="pool"),
    path("sklad/", views.CommissionCallsView.as_view(), name="calls"),
    path("sklad/<int:call_pk>/", views.CommissionView.as_view(), name="appoint"),
    path("<int:call_pk>/", views.MemberCallView.as_view(), name="call"),
    path("<int:call_pk>/oferty/<int:pk>/", views.MemberOfferView.as_view(), name="offer"),
    path("<int:call_pk>/oferty/<int:pk>/oferta.pdf", views.MemberOfferPdfView.as_view(), name="offer_pdf"),
    # Scoring
    path("<int:call_pk>/oferty/<int:pk>/ocena/", scoring.ScoreSheetView.as_view(), name="sheet"),
    path("<int:call_pk>/oferty/<int:pk>/ocena/zloz/", scoring.SubmitSheetView.as_view(), name="sheet_submit"),
    path("<int:call_pk>/przeglad/", scoring.OverviewView.as_view(), name="overview"),
    path("<int:call_pk>/oferty/<int:pk>/kwota/", scoring.ProposeAmountView.as_view(), name="propose"),
    path("<int:call_pk>/zamkniecie/", scoring.CloseEvaluationView.as_view(), name="close"),
    path("<int:call_pk>/wznowienie/", scoring.ReopenEvaluationView.as_view(), name="reopen"),
    path("<int:call_pk>/protokol.pdf", scoring.MinutesView.as_view(), name="minutes"),
]
