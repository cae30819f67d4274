"""The officers' pages of the yearly plan of calls: /panel/konkursy/plan/."""

from django.urls import path

from wspolpraca.competitions.views import plan

app_name = "competitions_plan_panel"

urlpatterns = [
    path("", plan.PlanPanelListView.as_view(), name="list"),
    path("dodaj/", plan.PlanEntryCreateView.as_view(), name="create"),
    path("<int:pk>/", plan.PlanEntryUpdateView.as_view(), name="edit"),
    path("<int:pk>/usun/", plan.PlanEntryDeleteView.as_view(), name="delete"),
]
