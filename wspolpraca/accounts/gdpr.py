"""GDPR self-service: what the platform knows about a person, and how it forgets them.

Every app that keeps personal data contributes an exporter and an eraser. An app either
calls `register(...)` or, simpler, provides a module `wspolpraca.<app>.gdpr` with
`export_user_data(user) -> dict | list` and `erase_user_data(user) -> None` (and, if it
wants to warn before deletion, `deletion_warnings(user) -> list[str]`) and lists the module
in `PROVIDER_MODULES`. Provider modules are imported lazily, on first use, so a module that
does not exist yet is skipped.
"""

import importlib
from collections.abc import Callable

from wspolpraca.accounts.selectors import account_data_for_export

PROVIDER_MODULES = [
    "wspolpraca.organisations.gdpr",
    "wspolpraca.conversations.gdpr",
]


# name -> callable, in registration order.
EXPORTERS: list[tuple[str, Callable]] = []
ERASERS: list[tuple[str, Callable]] = []
WARNINGS: list[tuple[str, Callable]] = []

_loaded_modules: set[str] = set()


def register(name, *, exporter=None, eraser=None, warnings=None):
    """Register an app's exporter/eraser under `name` (the key in the export)."""
    for registry, func in ((EXPORTERS, exporter), (ERASERS, eraser), (WARNINGS, warnings)):
        if func is not None and all(existing_name != name for existing_name, _func in registry):
            registry.append((name, func))


def _load_providers():
    for dotted in PROVIDER_MODULES:
        if dotted in _loaded_modules:
            continue
        try:
            module = importlib.import_module(dotted)
        except ModuleNotFoundError as exc:
            # The app has no gdpr module (yet); anything else missing is a real error.
            if exc.name and dotted.startswith(exc.name):
                continue
            raise
        _loaded_modules.add(dotted)
        name = dotted.split(".")[-2]
        register(
            name,
            exporter=getattr(module, "export_user_data", None),
            eraser=getattr(module, "erase_user_data", None),
            warnings=getattr(module, "deletion_warnings", None),
        )


def export_user_data(user):
    """Everything about `user`, JSON-serialisable: the accounts part and each app's part."""

    _load_providers()
    data = account_data_for_export(user)
    for name, exporter in EXPORTERS:
        data[name] = exporter(user)
    return data


def erase_user(user):
    """Run every app's eraser: each removes or anonymises what it holds about `user`."""
    _load_providers()
    for _name, eraser in ERASERS:
        eraser(user)


def deletion_warnings(user):
    """Messages to show before a person deletes their account (e.g. last representative)."""
    _load_providers()
    messages = []
    for _name, provider in WARNINGS:
        messages.extend(provider(user) or [])
    return messages
