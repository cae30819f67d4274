"""Reporting and settlement: reports on an agreement, the settlement, returns of unused funds and interest."""
