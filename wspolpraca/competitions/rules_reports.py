"""Reports (partial and final) and the settlement of an agreement (returns and interest).

Predicates shared with part 1 live in rules.py; RULES here is merged into it.
"""

RULES = {}
