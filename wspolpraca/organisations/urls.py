from django.urls import path

from wspolpraca.organisations import identity_views, views

app_name = "organisations"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("eksport.csv", views.DirectoryExportView.as_view(), name="directory_export"),
    path("zaloz/", views.RegisterOrganisationView.as_view(), name="register"),
    path("moje/", views.MyOrganisationsView.as_view(), name="mine"),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="detail"),
    path("<slug:slug>/dolacz/", views.JoinOrganisationView.as_view(), name="join"),
    path("<slug:slug>/edytuj/", views.EditOrganisationView.as_view(), name="edit"),
    path("<slug:slug>/wyslij-ponownie/", views.ResubmitView.as_view(), name="resubmit"),
    path(
        "<slug:slug>/zmiana-danych/<int:pk>/wycofaj/",
        identity_views.IdentityChangeWithdrawView.as_view(),
        name="identity_change_withdraw",
    ),
    path("<slug:slug>/czlonkowie/", views.MembersView.as_view(), name="members"),
    path("<slug:slug>/czlonkowie/<int:pk>/rola/", views.MemberRoleView.as_view(), name="member_role"),
    path("<slug:slug>/czlonkowie/<int:pk>/usun/", views.RemoveMemberView.as_view(), name="member_remove"),
    path("<slug:slug>/prosby/<int:pk>/", views.DecideJoinRequestView.as_view(), name="join_request"),
]
