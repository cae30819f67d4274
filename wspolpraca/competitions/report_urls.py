"""The offeror's reports, under /oferty/."""

from django.urls import path

from wspolpraca.competitions.views import reports as views

app_name = "reports"

urlpatterns = [
    path("sprawozdania/", views.MyReportsView.as_view(), name="mine"),
    path("sprawozdania/<int:pk>/", views.ReportView.as_view(), name="detail"),
    path("sprawozdania/<int:pk>/pdf/", views.ReportPdfView.as_view(), name="pdf"),
    path("sprawozdania/<int:pk>/kanoniczne.json", views.ReportCanonicalView.as_view(), name="canonical"),
]
