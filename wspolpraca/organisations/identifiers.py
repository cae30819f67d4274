"""Generated (not real) register numbers for demo data and tests.

The digits come from a number; the check digit is found with python-stdnum, so the
result always passes the same validation as user input.
"""

from stdnum.pl import nip, regon


def generated_nip(n):
    """A valid NIP built from n (deterministic). Skips bodies whose check digit would be 10."""
    body = (n * 7_919 + 521_000_000) % 1_000_000_000
    while True:
        digits = f"{body:09d}"
        if digits[:3] not in ("000",):
            for check in "0123456789":
                if nip.is_valid(digits + check):
                    return digits + check
        body = (body + 1) % 1_000_000_000


def generated_regon(n):
    """A valid 9-digit REGON built from n (deterministic)."""
    digits = f"{(n * 104_729 + 14_000_000) % 100_000_000:08d}"
    number = digits + regon.calc_check_digit(digits)
    assert regon.is_valid(number)
    return number


def generated_krs(n):
    """A 10-digit, zero-padded KRS number built from n (deterministic)."""
    return f"{(n * 3_571 + 900_000) % 10_000_000_000:010d}"
