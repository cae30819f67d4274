from django.urls import path

from wspolpraca.common import home_views, identity_views, views

app_name = "common"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("deklaracja-dostepnosci/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("polityka-prywatnosci/", views.PrivacyView.as_view(), name="privacy"),
    path("moje/", home_views.MyHomeView.as_view(), name="my_home"),
    path("kontakt/", views.ContactView.as_view(), name="contact"),
    path("jezyk/", views.choose_language, name="language"),
    path("wyglad/motyw.css", identity_views.theme_stylesheet, name="theme"),
    path("wyglad/logo", identity_views.site_logo, name="logo"),
    path("zachowane-dane/", views.KeptFormsView.as_view(), name="kept_forms"),
]
