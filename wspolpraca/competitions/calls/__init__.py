"""Calls (open competitions): units, drafting, publication, states, the public list and page, alerts, the yearly plan of calls."""
