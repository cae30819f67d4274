"""The offer update after a reduced award and the agreement (umowa) with its tranches and annexes.

Predicates shared with part 1 live in rules.py; RULES here is merged into it.
"""

RULES = {}
