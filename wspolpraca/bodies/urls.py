"""URL maps of the councils and teams, mounted by wspolpraca/urls.py."""

from django.urls import path

from wspolpraca.bodies import meeting_views, views

public = (
    [
        path("", views.PublicListView.as_view(), name="list"),
        path("<slug:slug>/", views.PublicDetailView.as_view(), name="detail"),
        path("<slug:slug>/podstawa-prawna.pdf", views.LegalBasisView.as_view(), name="legal_basis"),
        path("<slug:slug>/posiedzenia/<int:pk>/", meeting_views.MeetingDetailView.as_view(), name="meeting"),
        path("<slug:slug>/posiedzenia/<int:pk>/protokol/", meeting_views.MinutesView.as_view(), name="minutes"),
        path(
            "<slug:slug>/posiedzenia/<int:pk>/protokol.pdf", meeting_views.MinutesPdfView.as_view(), name="minutes_pdf"
        ),
        path(
            "<slug:slug>/uchwaly/<int:year>/<int:number>/",
            meeting_views.ResolutionDetailView.as_view(),
            name="resolution",
        ),
        path("<slug:slug>/dokumenty/<int:pk>/", meeting_views.DocumentView.as_view(), name="document"),
        path("<slug:slug>/dla-czlonkow/", meeting_views.MembersAreaView.as_view(), name="members_area"),
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
        path("<int:pk>/posiedzenia/nowe/", meeting_views.MeetingCreateView.as_view(), name="meeting_create"),
        path("posiedzenia/<int:pk>/", meeting_views.MeetingPanelView.as_view(), name="meeting"),
    ],
    "bodies_panel",
)
