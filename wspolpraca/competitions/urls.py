"""Public pages of open competitions: /konkursy/ (the call list, each call, feeds, the plan, alerts)."""

from django.urls import path

from wspolpraca.competitions.feeds import AnnouncementsFeed
from wspolpraca.competitions.views import plan, public_calls, results

app_name = "competitions"

urlpatterns = [
    path("", public_calls.CallListView.as_view(), name="call_list"),
    path("terminy.ics", public_calls.DeadlinesCalendarView.as_view(), name="deadlines_ics"),
    path("ogloszenia.atom", AnnouncementsFeed(), name="feed_atom"),
    path("powiadomienia/", public_calls.CallAlertView.as_view(), name="alerts"),
    path("plan/", plan.PublicPlanView.as_view(), name="plan"),
    path("<slug:slug>/", public_calls.CallDetailView.as_view(), name="call_detail"),
    path("<slug:slug>/uzasadnienie/", results.ReasonsRequestView.as_view(), name="reasons_request"),
]
