"""The person's home page (/moje/): a registry of what each app has waiting for the person;
and the public home page's (/) registry of what is open and decided (`register_public_sections`).

An app registers a provider in its AppConfig.ready(): `register_home_sections(provider)`. A
provider takes the user and returns a list of `HomeSection`; the page asks every provider,
drops the empty sections and orders the rest by urgency (`ordered`). `common` imports no
other app: the apps come to it.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

_PROVIDERS = []
_PUBLIC_PROVIDERS = []


@dataclass
class HomeItem:
    """One thing to do: what it is, its ONE link, its deadline (a date or datetime) if any."""

    label: Any
    url: str
    deadline: datetime.date | datetime.datetime | None = None
    detail: Any = ""
    statutory: bool = False  # the deadline is set by law (not by the office's practice)

    @property
    def deadline_date(self):
        value = self.deadline
        if isinstance(value, datetime.datetime):
            return timezone.localdate(value) if timezone.is_aware(value) else value.date()
        return value

    @property
    def overdue(self):
        return self.deadline is not None and self.deadline_date < timezone.localdate()


@dataclass
class HomeSection:
    """One kind of work of one role: its items (at most a page's worth), their total, the full list."""

    key: str
    title: Any
    items: list = field(default_factory=list)
    total: int = 0
    more_url: str | None = None
    empty: Any = None  # shown instead of dropping the section when it has no items
    role: Any = ""  # whose work this is ("As an officer", "For Fundacja X")

    @property
    def shown(self):
        return bool(self.items) or self.empty is not None

    @property
    def hidden_count(self):
        return max(self.total - len(self.items), 0)


def register_home_sections(provider):
    """Add a provider (user -> list of HomeSection); registering twice has no effect."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def providers():
    return list(_PROVIDERS)


def _urgency(section):
    """Statutory deadlines first (earliest first), then other deadlines, then no deadlines."""
    statutory = [item.deadline_date for item in section.items if item.statutory and item.deadline]
    if statutory:
        return (0, min(statutory))
    dated = [item.deadline_date for item in section.items if item.deadline]
    if dated:
        return (1, min(dated))
    return (2, datetime.date.max)


def ordered(sections):
    """Non-empty sections by legal urgency; the providers' order breaks ties (sort is stable)."""
    return sorted((section for section in sections if section.shown), key=_urgency)


def sections_for(user):
    """Every provider's sections for the user, ordered by urgency."""
    sections = []
    for provider in _PROVIDERS:
        sections.extend(provider(user))
    return ordered(sections)


# --- the public home page (/): what is open and what was decided, the same for everyone ---------


def register_public_sections(provider, *, order=100):
    """Add a provider (no arguments -> list of HomeSection) for the public home page, shown by
    `order` (then in the order the providers registered).

    The page is cached for anonymous visitors (docs/decisions/0005), so a provider must not
    depend on the person; each section should cost one query whatever its length.
    """
    if provider not in [registered for _order, registered in _PUBLIC_PROVIDERS]:
        _PUBLIC_PROVIDERS.append((order, provider))
    return provider


def public_sections():
    """Every public provider's sections, by the providers' order."""
    sections = []
    for _order, provider in sorted(_PUBLIC_PROVIDERS, key=lambda item: item[0]):
        sections.extend(provider())
    return sections
