"""The public register of grants awarded: /wyniki/."""

from django.urls import path

from wspolpraca.competitions.views import register

app_name = "register"

urlpatterns = [
    path("", register.RegisterView.as_view(), name="index"),
    path("rejestr.csv", register.RegisterCsvView.as_view(), name="export_csv"),
    path("rejestr.xlsx", register.RegisterXlsxView.as_view(), name="export_xlsx"),
    path("rejestr.json", register.RegisterJsonView.as_view(), name="export_json"),
]
