"""URL maps of this stage; wspolpraca/urls.py mounts each under its prefix.

- `public` (namespace `reports`): The offeror's reports, under /oferty/.
- `panel` (namespace `reports_panel`): Reports in the panel: /panel/sprawozdania/.
- `settlement` (namespace `settlements_panel`): Settlements, returns of funds and interest rates in the panel: /panel/rozliczenia/.
"""

from django.urls import path

from wspolpraca.competitions.reporting.views import reports as reports_views
from wspolpraca.competitions.reporting.views import settlement as settlement_views

public = (
    [
        path("sprawozdania/", reports_views.MyReportsView.as_view(), name="mine"),
        path("sprawozdania/<int:pk>/", reports_views.ReportView.as_view(), name="detail"),
        path("sprawozdania/<int:pk>/pdf/", reports_views.ReportPdfView.as_view(), name="pdf"),
        path("sprawozdania/<int:pk>/kanoniczne.json", reports_views.ReportCanonicalView.as_view(), name="canonical"),
    ],
    "reports",
)

panel = (
    [
        path("", reports_views.PanelReportListView.as_view(), name="list"),
        path("eksport.csv", reports_views.PanelReportExportView.as_view(), name="export_csv"),
        path("wezwij/", reports_views.RequestPartialReportView.as_view(), name="request"),
        path("<int:pk>/", reports_views.PanelReportView.as_view(), name="detail"),
        path("<int:pk>/pdf/", reports_views.PanelReportPdfView.as_view(), name="pdf"),
    ],
    "reports_panel",
)

settlement = (
    [
        path("", settlement_views.SettlementListView.as_view(), name="list"),
        path("stawki/", settlement_views.RatesView.as_view(), name="rates"),
        path("umowa/<int:agreement_pk>/", settlement_views.SettlementView.as_view(), name="detail"),
    ],
    "settlements_panel",
)
