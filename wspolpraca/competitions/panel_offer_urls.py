"""Officers' list of a call's offers and its exports: /panel/konkursy/<call_pk>/oferty/."""

from django.urls import path

from wspolpraca.competitions.views import panel_offers as views

app_name = "offers_panel"

urlpatterns = [
    path("", views.OfferListView.as_view(), name="list"),
    path("eksport.xlsx", views.OfferExportView.as_view(format="xlsx"), name="export_xlsx"),
    path("eksport.csv", views.OfferExportView.as_view(format="csv"), name="export_csv"),
    path("<int:pk>/", views.OfferDetailView.as_view(), name="detail"),
    path(
        "<int:pk>/wersje/<int:number>/pdf-ponownie/",
        views.OfferPdfRenderAgainView.as_view(),
        name="render_pdf_again",
    ),
    path(
        "<int:pk>/wersje/<int:number>/pdf-ponownie/<str:stamp>.pdf",
        views.OfferPdfRenderedView.as_view(),
        name="rendered_pdf",
    ),
    path("lista-kontrolna/", views.ChecklistView.as_view(), name="checklist"),
    path("<int:pk>/ocena-formalna/", views.FormalCheckView.as_view(), name="formal_check"),
]
