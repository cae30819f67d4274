"""The executive decision and the results of a call in the panel: /panel/konkursy/<call_pk>/wyniki/."""

app_name = "results_panel"

urlpatterns = []
