from django.urls import path

from wspolpraca.conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("zalaczniki/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("<slug:kind>/<int:pk>/", views.ThreadView.as_view(), name="thread"),
]
