"""What the registry puts on the person's home page (/moje/): requests to join to decide."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.home import HomeItem, HomeSection
from wspolpraca.organisations.selectors import join_requests_to_decide

LIMIT = 8


def home_sections(user):
    """A representative decides who joins their organisation."""
    if not user.is_authenticated:
        return []
    requests = list(join_requests_to_decide(user)[: LIMIT + 1])
    if not requests:
        return []
    total = len(requests) if len(requests) <= LIMIT else join_requests_to_decide(user).count()
    items = [
        HomeItem(
            label=_("%(person)s asks to join %(organisation)s")
            % {"person": request.user.get_full_name() or request.user.email, "organisation": request.organisation},
            url=reverse("organisations:members", kwargs={"slug": request.organisation.slug}),
            detail=request.get_role_display(),
        )
        for request in requests[:LIMIT]
    ]
    return [HomeSection(key="join_requests", title=_("Requests to join your organisation"), items=items, total=total)]
