from django.urls import path

from wspolpraca.organisations import identity_views, views

app_name = "organisations_panel"

urlpatterns = [
    path("", views.PanelListView.as_view(), name="list"),
    path("eksport.csv", views.PanelExportView.as_view(), name="export"),
    path("<int:pk>/", views.PanelDetailView.as_view(), name="detail"),
    path("<int:pk>/weryfikuj/", views.PanelVerifyView.as_view(), name="verify"),
    path("zmiany-danych/", identity_views.PanelIdentityChangeListView.as_view(), name="identity_changes"),
    path("zmiany-danych/<int:pk>/", identity_views.PanelIdentityChangeView.as_view(), name="identity_change"),
    path("<int:pk>/poprawki/", views.PanelRequestCorrectionsView.as_view(), name="request_corrections"),
]
