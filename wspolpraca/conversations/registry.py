"""Which records may carry a thread: a registry of subject kinds, filled by the apps above.

`conversations` imports no app above `accounts`: an app registers, in its AppConfig.ready(),
one `SubjectKind` per model whose records the office and an organisation write about:

    register_subject_kind(SubjectKind(key="oferta", model=Offer, title=..., ...))

The kind says what the thread is called, where the record's page is (for each side), which
organisation the record belongs to, who may write on each side, which records an officer
reads in the inbox and whom to e-mail about a new message.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from wspolpraca.conversations.enums import Side

_KINDS = {}


@dataclass(frozen=True)
class SubjectKind:
    key: str  # in the thread's address, /wiadomosci/<key>/<pk>/ (Polish, stable)
    model: type
    title: Callable[[Any], str]  # record -> the thread's subject
    organisation: Callable[[Any], Any]  # record -> the organisation it belongs to
    url: Callable[[Any, str], str]  # (record, side) -> the record's page for that side
    officer_side: Callable[[Any, Any], bool]  # (user, record) -> writes for the office
    organisation_side: Callable[[Any, Any], bool]  # (user, record) -> writes for the organisation
    officer_records: Callable[[Any], Any]  # user -> queryset of the records whose threads they read
    officer_recipients: Callable[[Any], Iterable[str]]  # record -> e-mails of the officers in charge
    organisation_recipients: Callable[[Any], Iterable[str]]  # record -> e-mails of its representatives
    empty: Any = ""  # shown on an empty thread to the organisation: what to ask about


def register_subject_kind(kind):
    """Add a kind; registering the same key again replaces it (reloads in development)."""
    _KINDS[kind.key] = kind
    return kind


def kinds():
    return list(_KINDS.values())


def kind_by_key(key):
    return _KINDS.get(key)


def kind_for(record):
    """The kind of a record (by its model), or None when its model has no threads."""
    for kind in _KINDS.values():
        if isinstance(record, kind.model):
            return kind
    return None


def side_of(user, kind, record):
    """The side the user writes on about the record, or None when they may not read its thread.
    A member of the organisation writes for it, even when they are also an officer."""
    if kind is None or record is None or not user.is_authenticated or not user.is_active:
        return None
    if kind.organisation_side(user, record):
        return Side.ORGANISATION
    if kind.officer_side(user, record):
        return Side.OFFICER
    return None
