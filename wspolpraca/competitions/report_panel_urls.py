"""Reports in the panel: /panel/sprawozdania/."""

from django.urls import path

from wspolpraca.competitions.views import reports as views

app_name = "reports_panel"

urlpatterns = [
    path("", views.PanelReportListView.as_view(), name="list"),
    path("eksport.csv", views.PanelReportExportView.as_view(), name="export_csv"),
    path("wezwij/", views.RequestPartialReportView.as_view(), name="request"),
    path("<int:pk>/", views.PanelReportView.as_view(), name="detail"),
    path("<int:pk>/pdf/", views.PanelReportPdfView.as_view(), name="pdf"),
]
