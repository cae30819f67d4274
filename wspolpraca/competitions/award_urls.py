"""The offeror's side after the award: the offer update and the agreement, under /oferty/."""

app_name = "award"

urlpatterns = []
