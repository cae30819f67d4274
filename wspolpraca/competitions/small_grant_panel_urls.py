"""Officers' pages for small grants: /panel/male-granty/ (publication, moderation, decisions)."""

from django.urls import path

from wspolpraca.competitions.views import panel_small_grants as views

app_name = "small_grants_panel"

urlpatterns = [
    path("", views.ListView.as_view(), name="list"),
    path("ustawienia/", views.SettingsView.as_view(), name="settings"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/publikuj/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/decyzja/", views.DecideView.as_view(), name="decide"),
    path("uwagi/<int:pk>/", views.CommentView.as_view(), name="comment"),
]
