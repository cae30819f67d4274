app_name = "organisations_panel"

urlpatterns = []
