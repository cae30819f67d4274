from django.urls import path

from wspolpraca.organisations import views

app_name = "organisations_panel"

urlpatterns = [
    path("", views.PanelListView.as_view(), name="list"),
    path("eksport.csv", views.PanelExportView.as_view(), name="export"),
    path("<int:pk>/", views.PanelDetailView.as_view(), name="detail"),
    path("<int:pk>/weryfikuj/", views.PanelVerifyView.as_view(), name="verify"),
    path("<int:pk>/poprawki/", views.PanelRequestCorrectionsView.as_view(), name="request_corrections"),
]
