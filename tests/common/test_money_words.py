"""Amounts in words ("słownie") as the agreements print them next to the figure."""

from decimal import Decimal

import pytest

from wspolpraca.common.money_words import amount_in_words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("5500", "pięć tysięcy pięćset złotych 00/100"),
        ("1", "jeden złoty 00/100"),
        ("2.02", "dwa złote 02/100"),
        ("12.5", "dwanaście złotych 50/100"),
        ("22", "dwadzieścia dwa złote 00/100"),
        ("114.99", "sto czternaście złotych 99/100"),
        ("0.01", "zero złotych 01/100"),
    ],
)
def test_amount_in_words(value, words):
    assert amount_in_words(Decimal(value)) == words


def test_no_amount_no_words():
    assert amount_in_words(None) is None
