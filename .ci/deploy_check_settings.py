"""Settings for `manage.py check --deploy` in CI: the real settings, one check silenced.

security.W021 (SECURE_HSTS_PRELOAD not set) is a deliberate opt-in: preloading HSTS is a
commitment for the whole registered domain (a city's domain, not ours alone), so it stays off
unless SECURE_HSTS_PRELOAD=true is chosen. Every other warning fails CI.
"""

from wspolpraca.settings import *  # noqa: F403

SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]  # noqa: F405
