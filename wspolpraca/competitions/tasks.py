"""The background tasks under the name they had before the stage folders (offers/tasks.py).

A task queued by the database backend is stored with its dotted path; rows queued before the
reshape name `wspolpraca.competitions.tasks.<task>`, so the names stay importable here.
"""

from wspolpraca.competitions.offers.tasks import send_offer_receipt, store_offer_pdf

__all__ = ["send_offer_receipt", "store_offer_pdf"]
