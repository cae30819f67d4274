from django.urls import path

from wspolpraca.accounts import panel_views

app_name = "accounts_panel"

urlpatterns = [
    path("", panel_views.UserListView.as_view(), name="user_list"),
    path("<int:pk>/", panel_views.UserRolesView.as_view(), name="user_roles"),
]
