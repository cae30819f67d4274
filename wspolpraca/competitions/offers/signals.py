"""Hooks of the offers stage: later stages connect receivers (in their receivers.py, connected
by the app's ready()), so that an offer never imports a later stage.

- `offer_submitted(sender=Offer, offer, version, actor, is_update)`: sent inside the submission's
  transaction, after the new version and the state are saved; a receiver's exception rolls the
  submission back. `is_update` is true for an update after a reduced award.
"""

from django.dispatch import Signal

offer_submitted = Signal()

# `offers_to_do(sender=Offer, offers, user)`: the NGO's list of offers (/oferty/) asks what the
# organisation has to do for the offers of one page; later stages (an update after a reduced award,
# an agreement to sign, a report due) return a list of `offers.selectors.ToDo`, each costing one
# query for the whole page.
offers_to_do = Signal()
