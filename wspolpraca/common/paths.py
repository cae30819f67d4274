"""Public paths reserved for modules still to come (docs/decisions/0002-reserved-public-paths.md).

Each path belongs to one module, which mounts its URLs exactly there; no other module and
no placeholder page may take them. tests/common/test_paths.py enforces this.
"""

RESERVED_PATHS = {
    "competitions": "/konkursy/",
    "results": "/wyniki/",
    "small_grants": "/male-granty/",
    "offers": "/oferty/",
    "consultations": "/konsultacje/",
    "bodies": "/rady-i-zespoly/",
    "initiatives": "/inicjatywa-lokalna/",
    "news": "/aktualnosci/",
    "events": "/wydarzenia/",
    "rooms": "/sale/",
    "programme": "/program-wspolpracy/",
    "api": "/api/",
}

# The app (wspolpraca.<app>) whose views alone may answer under each reserved path.
OWNERS = {
    "competitions": "competitions",
    "results": "competitions",
    "small_grants": "competitions",
    "offers": "competitions",
    "consultations": "consultations",
    "bodies": "bodies",
    "initiatives": "initiatives",
    "news": "community",
    "events": "community",
    "rooms": "rooms",
    "programme": "programme",
    "api": "api",
}
