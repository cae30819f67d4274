"""URL maps of the councils and teams, mounted by wspolpraca/urls.py."""

from django.urls import path

from wspolpraca.bodies import views

public = (
    [
        path("", views.PublicListView.as_view(), name="list"),
        path("<slug:slug>/", views.PublicDetailView.as_view(), name="detail"),
        path("<slug:slug>/podstawa-prawna.pdf", views.LegalBasisView.as_view(), name="legal_basis"),
    ],
    "bodies",
)

panel = (
    [
        path("", views.PanelListView.as_view(), name="list"),
        path("nowa/", views.BodyFormView.as_view(), name="create"),
        path("<int:pk>/", views.PanelDetailView.as_view(), name="detail"),
        path("<int:pk>/edytuj/", views.BodyFormView.as_view(), name="edit"),
        path("<int:pk>/kadencje/nowa/", views.TermCreateView.as_view(), name="term_create"),
        path(
            "<int:pk>/kadencje/<int:term_pk>/czlonkowie/nowy/", views.MemberCreateView.as_view(), name="member_create"
        ),
        path("czlonkostwa/<int:pk>/zakoncz/", views.MembershipEndView.as_view(), name="membership_end"),
    ],
    "bodies_panel",
)
