"""Scoring by the commission: score sheets, the result per offer, closing the evaluation, the minutes.

Predicates shared with part 1 live in rules.py; RULES here is merged into it.
"""

RULES = {}
