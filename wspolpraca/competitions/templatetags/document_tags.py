"""Filters of the official documents (PDF): amounts in words."""

from django import template

from wspolpraca.common.money_words import amount_in_words

register = template.Library()


@register.filter
def slownie(value):
    """ "pięć tysięcy pięćset złotych 00/100" """
    return amount_in_words(value) or ""
