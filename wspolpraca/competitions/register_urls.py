"""The public register of grants awarded: /wyniki/."""

app_name = "register"

urlpatterns = []
