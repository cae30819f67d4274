"""The offeror's reports, under /oferty/."""

app_name = "reports"

urlpatterns = []
