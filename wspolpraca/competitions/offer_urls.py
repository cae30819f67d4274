"""The NGO's offer editor: /oferty/ (my offers, start, edit by section, attachments)."""

from django.urls import path

from wspolpraca.competitions.views import offers as views
from wspolpraca.competitions.views import partners

app_name = "offers"

urlpatterns = [
    path("", views.MyOffersView.as_view(), name="mine"),
    path("nowa/", views.StartOfferView.as_view(), name="start"),
    path("<int:pk>/", views.OfferDetailView.as_view(), name="detail"),
    path("<int:pk>/sekcja/<str:section>/", views.SectionEditView.as_view(), name="edit"),
    path("<int:pk>/sekcja/<str:section>/autozapis/", views.AutosaveView.as_view(), name="autosave"),
    path("<int:pk>/sekcja/<str:section>/wyliczenia/", views.FiguresView.as_view(), name="figures"),
    path("<int:pk>/zalaczniki/", views.AttachmentsView.as_view(), name="attachments"),
    path("<int:pk>/zalaczniki/<int:attachment>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("<int:pk>/zalaczniki/<int:attachment>/usun/", views.AttachmentRemoveView.as_view(), name="attachment_remove"),
    path("<int:pk>/partnerzy/", partners.PartnersView.as_view(), name="partners"),
    path("<int:pk>/partnerzy/<int:partner>/usun/", partners.PartnerRemoveView.as_view(), name="partner_remove"),
    path(
        "<int:pk>/partnerzy/zaproszenia/<int:invitation>/wycofaj/",
        partners.InvitationWithdrawView.as_view(),
        name="invitation_withdraw",
    ),
    path("zaproszenia/<int:pk>/", partners.InvitationView.as_view(), name="invitation"),
]
