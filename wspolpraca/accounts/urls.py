from django.urls import path

from wspolpraca.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("moje-dane/", views.DataExportView.as_view(), name="export"),
    path("usun-konto/", views.DeleteAccountView.as_view(), name="delete"),
]
