"""Reports in the panel: /panel/sprawozdania/."""

app_name = "reports_panel"

urlpatterns = []
