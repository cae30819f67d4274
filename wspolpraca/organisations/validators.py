"""Checks of register numbers, with messages shown next to the field.

Checksums come from python-stdnum; never hand-written.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip, regon

KRS_RE = re.compile(r"^\d{10}$")
POSTAL_CODE_RE = re.compile(r"^\d{2}-\d{3}$")
MAX_LOGO_BYTES = 2 * 1024 * 1024


def compact_nip(value):
    return nip.compact(value) if value else value


def compact_regon(value):
    return regon.compact(value) if value else value


def compact_iban(value):
    if not value:
        return value
    value = iban.compact(value)
    if value.isdigit() and len(value) == 26:  # a Polish account number written without "PL"
        value = "PL" + value
    return value


def grouped_iban(value):
    """A bank account in groups of four ("PL61 1090 1014 …"), as the offer and the agreement
    print it; anything that is not a valid IBAN is shown as typed."""
    value = str(value or "").strip()
    compact = compact_iban(value)
    return iban.format(compact) if compact and iban.is_valid(compact) else value


def validate_nip(value):
    try:
        nip.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid NIP number: it must have 10 digits and a correct check digit."),
            code="invalid_nip",
        ) from None


def validate_regon(value):
    try:
        regon.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid REGON number: it must have 9 or 14 digits and a correct check digit."),
            code="invalid_regon",
        ) from None


def validate_krs(value):
    if not KRS_RE.match(value or ""):
        raise ValidationError(
            _("The KRS number must have exactly 10 digits (with leading zeros, e.g. 0000123456)."),
            code="invalid_krs",
        )


def validate_iban(value):
    try:
        iban.validate(compact_iban(value))
    except StdnumError:
        raise ValidationError(
            _(
                "This is not a valid bank account number (IBAN): check the digits, e.g. PL61 1090 1014 0000 0712 1981 2874."
            ),
            code="invalid_iban",
        ) from None


def validate_postal_code(value):
    if not POSTAL_CODE_RE.match(value or ""):
        raise ValidationError(_("Enter the postal code as NN-NNN, e.g. 09-400."), code="invalid_postal_code")


def validate_logo_size(file):
    if file and getattr(file, "size", 0) > MAX_LOGO_BYTES:
        raise ValidationError(_("The logo file may be at most 2 MB."), code="logo_too_large")
