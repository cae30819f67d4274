"""The executive decision, published results, requests for reasons, cancellation (art. 18a), the /wyniki/ register.

Predicates shared with part 1 live in rules.py; RULES here is merged into it.
"""

RULES = {}
