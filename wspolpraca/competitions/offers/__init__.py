"""Offers: the editor, partners, submission with immutable versions, the formal check and corrections, the officers' list and exports."""
