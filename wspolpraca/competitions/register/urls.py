"""URL maps of this stage; wspolpraca/urls.py mounts each under its prefix.

- `public` (namespace `register`): The public register of grants awarded: /wyniki/.
"""

from django.urls import path

from wspolpraca.competitions.register import views as register_views

public = (
    [
        path("", register_views.RegisterView.as_view(), name="index"),
        path("rejestr.csv", register_views.RegisterCsvView.as_view(), name="export_csv"),
        path("rejestr.xlsx", register_views.RegisterXlsxView.as_view(), name="export_xlsx"),
        path("rejestr.json", register_views.RegisterJsonView.as_view(), name="export_json"),
    ],
    "register",
)
