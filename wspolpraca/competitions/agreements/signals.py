"""Hooks of the agreements stage: later stages connect receivers (in their receivers.py, connected
by the app's ready()), so that an agreement never imports a later stage. Both are sent inside
the transaction that changed the agreement; a receiver's exception rolls it back.

- `agreement_in_force(sender=Agreement, agreement)`: the agreement has come into force
  (reporting: its final report is created, due by the deadline of art. 18).
- `agreement_end_changed(sender=Agreement, agreement)`: an annex moved the end date
  (reporting: the final report is rescheduled).
"""

from django.dispatch import Signal

agreement_in_force = Signal()
agreement_end_changed = Signal()
