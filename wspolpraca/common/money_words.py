"""Amounts in words, as Polish legal documents write them next to the figure ("słownie")."""

from decimal import ROUND_HALF_UP, Decimal


def zloty_word(whole):
    """The form of "złoty" after a number: 1 złoty, 2–4 złote (not 12–14), else złotych."""
    if whole == 1:
        return "złoty"
    if whole % 10 in (2, 3, 4) and whole % 100 not in (12, 13, 14):
        return "złote"
    return "złotych"


def amount_in_words(value):
    """Decimal("5500.5") → "pięć tysięcy pięćset złotych 50/100" (grosze as a fraction, the
    usual form in agreements); None for no value."""
    from num2words import num2words

    if value is None or value == "":
        return None
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "minus " if amount < 0 else ""
    whole, grosze = divmod(abs(amount) * 100, 100)
    whole = int(whole)
    return f"{sign}{num2words(whole, lang='pl')} {zloty_word(whole)} {int(grosze):02d}/100"
