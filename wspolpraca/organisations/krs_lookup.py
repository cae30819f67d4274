"""Registering by the KRS number: the form filled from the court register (krs.py), and what the
officer sees of it.

The person presses "Fetch data from the KRS" in the registration form: the register's values go
into the fields left empty (what was typed stays), the register's answer is kept in the session
until the organisation is registered with the same number, and then on the organisation
(`krs_snapshot`, `krs_fetched_at`) for the officer's verification.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.organisations import krs
from wspolpraca.organisations.enums import LegalForm
from wspolpraca.organisations.models import Organisation
from wspolpraca.organisations.validators import validate_krs

SESSION_KEY = "organisations_krs_lookup"
LOOKUP_BUTTON = "krs_lookup"
# The fields compared on the officer's page, in the form's order.
COMPARED_FIELDS = ("name", "legal_form", "nip", "regon", "is_public_benefit", "street_address", "postal_code", "town")


def lookup_enabled():
    return settings.KRS_LOOKUP_ENABLED


def look_up(request):
    """Fetch the KRS number typed in the form. Returns (form data, context, field errors):
    the data with the register's values in the empty fields, what the template shows, and
    the error to show next to the KRS field."""
    data = request.POST.copy()
    number = (data.get("krs_number") or "").strip()
    data["krs_number"] = number
    if not number:
        return data, {}, {"krs_number": _("Enter the KRS number to fetch the data from the register.")}
    try:
        validate_krs(number)
    except ValidationError as error:
        return data, {}, {"krs_number": " ".join(error.messages)}
    existing = Organisation.objects.filter(krs_number=number).first()
    if existing:  # no second entry: the person may ask to join it instead
        message = _("An organisation with this KRS number is already in the registry.")
        return data, {"krs_existing": existing}, {"krs_number": message}
    try:
        record = krs.fetch(number)
    except krs.KrsError as error:
        request.session.pop(SESSION_KEY, None)
        if error.kind == krs.NOT_FOUND:
            return (
                data,
                {},
                {"krs_number": _("There is no organisation with this number in the KRS. Check the number.")},
            )
        return data, {"krs_unreachable": True}, {}
    fetched_at = timezone.now()
    request.session[SESSION_KEY] = {"snapshot": record.as_snapshot(), "fetched_at": fetched_at.isoformat()}
    conflicts = _fill(data, record)
    return data, {"krs_record": record, "krs_fetched_at": fetched_at, "krs_conflicts": conflicts}, {}


def _fill(data, record):
    """Put the register's values into the empty fields; return the typed ones that differ."""
    conflicts = []
    for name, value in record.form_values().items():
        typed = (data.get(name) or "").strip()
        if not typed:
            data[name] = value
        elif not _same(name, typed, value):
            conflicts.append((_label(name), typed, _display(name, value)))
    if record.is_public_benefit and not data.get("is_public_benefit"):
        data["is_public_benefit"] = "on"
    return conflicts


def stored(request, number):
    """(record, fetched at) kept in the session for this KRS number, or (None, None)."""
    kept = request.session.get(SESSION_KEY) or {}
    snapshot = kept.get("snapshot") or {}
    if not number or snapshot.get("krs_number") != number:
        return None, None
    return krs.KrsRecord(**snapshot), datetime.datetime.fromisoformat(kept["fetched_at"])


def forget(request):
    request.session.pop(SESSION_KEY, None)


def comparison(organisation):
    """What the register said and what was typed, per compared field, for the officer:
    (label, register value, typed value, differs)."""
    snapshot = organisation.krs_snapshot or {}
    rows = []
    for name in COMPARED_FIELDS:
        if name not in snapshot:
            continue
        register, typed = snapshot[name], getattr(organisation, name)
        if name == "legal_form" and not register:
            register = snapshot.get("legal_form_text", "")
            differs = True
        else:
            differs = not _same(name, typed, register)
        rows.append((_label(name), _display(name, register), _display(name, typed), differs))
    return rows


def _label(name):
    return Organisation._meta.get_field(name).verbose_name


def _normal(value):
    return " ".join(str(value or "").split()).casefold()


def _same(name, typed, register):
    if name == "is_public_benefit":
        return bool(typed) == bool(register)
    if name in ("nip", "regon"):
        return "".join(ch for ch in str(typed or "") if ch.isdigit()) == str(register or "")
    return _normal(typed) == _normal(register)


def _display(name, value):
    if name == "is_public_benefit":
        return _("yes") if value else _("no")
    if name == "legal_form" and value in LegalForm.values:
        return LegalForm(value).label
    return value or "—"
