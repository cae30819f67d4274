"""Reserved public paths (docs/decisions/0002): free until their module lands, then owned by it."""

import pytest
from django.apps import apps
from django.urls import Resolver404, get_resolver, resolve
from django.urls.resolvers import URLPattern, URLResolver

from wspolpraca.common.paths import OWNERS, RESERVED_PATHS

NON_PUBLIC_PREFIXES = ("panel/", "admin/", "i18n/")


def _leaves(patterns, prefix=""):
    """(full route, callback module) for every URL pattern of the project."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _leaves(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            module = getattr(getattr(callback, "view_class", None), "__module__", None) or callback.__module__
            yield route.lstrip("^"), module


def _installed(app_label):
    return apps.is_installed(f"wspolpraca.{app_label}")


def test_paths_are_well_formed():
    assert set(RESERVED_PATHS) == set(OWNERS)
    assert len(set(RESERVED_PATHS.values())) == len(RESERVED_PATHS)
    for path in RESERVED_PATHS.values():
        assert path.startswith("/") and path.endswith("/") and path.count("/") == 2


@pytest.mark.parametrize("name", sorted(RESERVED_PATHS))
def test_reserved_path_is_free_until_its_module_lands(name):
    path, owner = RESERVED_PATHS[name], OWNERS[name]
    for probe in (path, path + "cokolwiek/"):
        try:
            match = resolve(probe)
        except Resolver404:
            continue
        module = getattr(match.func, "view_class", match.func).__module__
        assert _installed(owner), f"{probe} is served by {module}, but it is reserved for wspolpraca.{owner}"
        assert module.startswith(f"wspolpraca.{owner}."), f"{probe} is served by {module}, not wspolpraca.{owner}"


def test_no_other_module_takes_a_reserved_prefix():
    for route, module in _leaves(get_resolver().url_patterns):
        for name, path in RESERVED_PATHS.items():
            if route.startswith(path.lstrip("/")):
                assert module.startswith(f"wspolpraca.{OWNERS[name]}."), f"/{route} ({module}) takes {path}"


def test_owning_modules_are_mounted_exactly_at_their_paths():
    """A module that owns reserved paths serves its public pages only under them."""
    owned = {}
    for name, path in RESERVED_PATHS.items():
        owned.setdefault(OWNERS[name], []).append(path.lstrip("/"))
    for route, module in _leaves(get_resolver().url_patterns):
        if route.startswith(NON_PUBLIC_PREFIXES):
            continue
        for owner, paths in owned.items():
            if module.startswith(f"wspolpraca.{owner}."):
                assert route.startswith(tuple(paths)), f"/{route} of wspolpraca.{owner} is outside {paths}"
