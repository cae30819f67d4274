"""The one money formatter: fixed Polish and localised conventions, currency and its space."""

from decimal import Decimal

from django.utils import translation

from wspolpraca.common.money import format_money

NBSP = "\u00a0"


def test_fixed_polish_whatever_the_language():
    with translation.override("en"):
        assert format_money(Decimal("1234567.5")) == f"1{NBSP}234{NBSP}567,50{NBSP}zł"
    assert format_money(Decimal("0")) == f"0,00{NBSP}zł"
    assert format_money(Decimal("-1234.56")) == f"-1{NBSP}234,56{NBSP}zł"
    assert format_money(5500) == f"5{NBSP}500,00{NBSP}zł"
    assert format_money("12.3") == f"12,30{NBSP}zł"


def test_fixed_without_currency():
    assert format_money(Decimal("12345.67"), currency=False) == f"12{NBSP}345,67"


def test_localised_follows_the_reader():
    with translation.override("pl"):
        assert format_money(Decimal("12345.67"), localised=True) == f"12{NBSP}345,67{NBSP}zł"
        assert format_money(Decimal("999"), localised=True, currency=False) == "999,00"
    with translation.override("en"):
        assert format_money(Decimal("12345.67"), localised=True) == f"12,345.67{NBSP}zł"
        assert format_money(Decimal("1234567"), localised=True, currency=False) == "1,234,567.00"


def test_plain_spaces_as_if_typed():
    assert format_money(Decimal("1050000"), group=" ", space=" ") == "1 050 000,00 zł"


def test_plain_space_before_currency():
    with translation.override("en"):
        assert format_money(Decimal("5500"), localised=True, space=" ") == "5,500.00 zł"
