"""URL maps of this stage; wspolpraca/urls.py mounts each under its prefix.

- `public` (namespace `small_grants`): Public pages of small grants (art. 19a): /male-granty/ (offers under comment, comments).
- `panel` (namespace `small_grants_panel`): Officers' pages for small grants: /panel/male-granty/ (publication, moderation, decisions).
"""

from django.urls import path

from wspolpraca.competitions.small_grants.views import panel as panel_views
from wspolpraca.competitions.small_grants.views import public as public_views

public = (
    [
        path("", public_views.IndexView.as_view(), name="index"),
        path("oferty/<int:pk>/", public_views.OfferView.as_view(), name="offer"),
        path("<slug:slug>/", public_views.CallDetailView.as_view(), name="call_detail"),
    ],
    "small_grants",
)

panel = (
    [
        path("", panel_views.ListView.as_view(), name="list"),
        path("ustawienia/", panel_views.SettingsView.as_view(), name="settings"),
        path("<int:pk>/", panel_views.DetailView.as_view(), name="detail"),
        path("<int:pk>/publikuj/", panel_views.PublishView.as_view(), name="publish"),
        path("<int:pk>/decyzja/", panel_views.DecideView.as_view(), name="decide"),
        path("uwagi/<int:pk>/", panel_views.CommentView.as_view(), name="comment"),
    ],
    "small_grants_panel",
)
