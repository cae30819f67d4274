from django.urls import path

from wspolpraca.common import views

app_name = "panel"

urlpatterns = [
    path("", views.PanelHomeView.as_view(), name="home"),
    path("ustawienia/", views.SiteSettingsView.as_view(), name="site_settings"),
]
