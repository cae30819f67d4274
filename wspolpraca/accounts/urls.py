from django.urls import path

from wspolpraca.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("moje-dane/", views.DataExportView.as_view(), name="export"),
    path("usun-konto/", views.DeleteAccountView.as_view(), name="delete"),
    path("odblokuj/", views.UnlockRequestView.as_view(), name="unlock_request"),
    path("odblokuj/<str:token>/", views.UnlockView.as_view(), name="unlock"),
]
