"""URL maps of the councils and teams, mounted by wspolpraca/urls.py."""

from django.urls import path

from wspolpraca.bodies import election_views, meeting_views, views

public = (
    [
        path("", views.PublicListView.as_view(), name="list"),
        path("<slug:slug>/", views.PublicDetailView.as_view(), name="detail"),
        path("<slug:slug>/podstawa-prawna.pdf", views.LegalBasisView.as_view(), name="legal_basis"),
        path("<slug:slug>/wybory/<int:pk>/", election_views.ElectionDetailView.as_view(), name="election"),
        path("<slug:slug>/wybory/<int:pk>/glosuj/", election_views.VoteView.as_view(), name="vote"),
        path(
            "<slug:slug>/wybory/<int:pk>/kandydaci/zglos/",
            election_views.DeclareCandidateView.as_view(),
            name="declare",
        ),
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
        path("czlonkostwa/<int:pk>/zmien/", views.MembershipChangeView.as_view(), name="membership_change"),
        path("czlonkostwa/<int:pk>/zakoncz/", views.MembershipEndView.as_view(), name="membership_end"),
        path("czlonkostwa/<int:pk>/deleguj/", views.DelegationCreateView.as_view(), name="delegate"),
        path("<int:pk>/organizacje/", election_views.OrganisationsView.as_view(), name="organisations"),
        path("<int:pk>/wybory/nowe/", election_views.ElectionCreateView.as_view(), name="election_create"),
        path("wybory/<int:pk>/", election_views.ElectionPanelView.as_view(), name="election"),
        path("wybory/<int:pk>/kandydatury/", election_views.OpenCandidaciesView.as_view(), name="election_candidacies"),
        path("wybory/<int:pk>/kandydaci/nowy/", election_views.CandidateCreateView.as_view(), name="candidate_create"),
        path("wybory/<int:pk>/glosowanie/", election_views.OpenVotingView.as_view(), name="election_voting"),
        path("wybory/<int:pk>/karty/", election_views.PaperBallotsView.as_view(), name="paper_ballots"),
        path(
            "wybory/<int:pk>/kandydaci/<int:candidate_pk>/zgoda.pdf",
            election_views.ConsentView.as_view(),
            name="consent",
        ),
        path("wybory/<int:pk>/karty.pdf", election_views.BallotsScanView.as_view(), name="ballots_scan"),
        path("wybory/<int:pk>/wyniki/", election_views.CountView.as_view(), name="election_count"),
        path("wybory/<int:pk>/anuluj/", election_views.CancelElectionView.as_view(), name="election_cancel"),
        path("<int:pk>/posiedzenia/nowe/", meeting_views.MeetingCreateView.as_view(), name="meeting_create"),
        path("posiedzenia/<int:pk>/", meeting_views.MeetingPanelView.as_view(), name="meeting"),
    ],
    "bodies_panel",
)
