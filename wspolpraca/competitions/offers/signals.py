"""Hooks of the offers stage: later stages connect receivers (in their receivers.py, connected
by the app's ready()), so that an offer never imports a later stage.

- `offer_submitted(sender=Offer, offer, version, actor, is_update)`: sent inside the submission's
  transaction, after the new version and the state are saved; a receiver's exception rolls the
  submission back. `is_update` is true for an update after a reduced award.
"""

from django.dispatch import Signal

offer_submitted = Signal()
