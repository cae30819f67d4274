import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """SiteSettings.load() caches the row; the database rolls back between tests, the cache must too."""
    cache.clear()
    yield
    cache.clear()
