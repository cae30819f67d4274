"""The court register's open API (Krajowy Rejestr Sądowy, the Ministry of Justice's `OdpisAktualny`).

`fetch(number)` asks register S (associations, foundations and other organisations) and then
register P (companies, cooperatives), and returns a `KrsRecord`, or raises `KrsError` with its
`kind`: NOT_FOUND, UNREACHABLE (no answer within settings.KRS_LOOKUP_TIMEOUT, or the service
failing) or MALFORMED (an answer we cannot read). No key is needed; the standard library's HTTP
client is enough. `as_snapshot()` is what the organisation keeps of the answer.
"""

import http.client
import json
import re
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field

from django.conf import settings

from wspolpraca.organisations.enums import LegalForm
from wspolpraca.organisations.validators import KRS_RE

API_URL = "https://api-krs.ms.gov.pl/api/krs/OdpisAktualny/{number}?rejestr={register}&format=json"
REGISTERS = ("S", "P")

NOT_FOUND = "not_found"
UNREACHABLE = "unreachable"
MALFORMED = "malformed"

# The register's wording of the legal form → the registry's choice; the longest first, so that
# "STOWARZYSZENIE JEDNOSTEK SAMORZĄDU TERYTORIALNEGO" is not taken for an association.
LEGAL_FORMS = (
    ("STOWARZYSZENIE JEDNOSTEK SAMORZĄDU TERYTORIALNEGO", LegalForm.LOCAL_GOVERNMENT_ASSOCIATION),
    ("SPÓŁDZIELNIA SOCJALNA", LegalForm.SOCIAL_COOPERATIVE),
    ("KOŁO GOSPODYŃ WIEJSKICH", LegalForm.RURAL_HOUSEWIVES_CIRCLE),
    ("ZWIĄZEK STOWARZYSZEŃ", LegalForm.ASSOCIATION),
    ("STOWARZYSZENIE", LegalForm.ASSOCIATION),
    ("FUNDACJA", LegalForm.FOUNDATION),
    ("SPÓŁKA AKCYJNA", LegalForm.NON_PROFIT_COMPANY),
    ("SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", LegalForm.NON_PROFIT_COMPANY),
)
LIQUIDATION_RE = re.compile(r"\bW\s+LIKWIDACJI\b", re.IGNORECASE)
STREET_PREFIXES = {"UL.": "ul.", "AL.": "al.", "PL.": "pl.", "OS.": "os.", "RONDO": "rondo"}


class KrsError(Exception):
    def __init__(self, kind, detail=""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


@dataclass
class KrsRecord:
    """What the register says of an organisation, in the registry's terms where they map."""

    krs_number: str
    register: str
    state_on: str  # the register's "stanZDnia", e.g. "05.12.2026"
    name: str
    legal_form_text: str
    legal_form: str  # a LegalForm value, or "" when the register's form has none
    nip: str = ""
    regon: str = ""
    is_public_benefit: bool = False
    street_address: str = ""
    postal_code: str = ""
    town: str = ""
    seat: str = ""
    representation_body: str = ""
    representatives: list = field(default_factory=list)  # [{"name": …, "function": …}]
    in_liquidation: bool = False

    def as_snapshot(self):
        return asdict(self)

    def form_values(self):
        """The organisation form's fields this record fills."""
        values = {
            "name": self.name,
            "krs_number": self.krs_number,
            "nip": self.nip,
            "regon": self.regon,
            "street_address": self.street_address,
            "postal_code": self.postal_code,
            "town": self.town,
        }
        if self.legal_form:
            values["legal_form"] = self.legal_form
        return {key: value for key, value in values.items() if value}


def fetch(number):
    """The record of the KRS number from the register (S, then P); KrsError when there is none."""
    number = (number or "").strip()
    if not KRS_RE.match(number):
        raise KrsError(NOT_FOUND, "not a KRS number")
    for register in REGISTERS:
        status, body = http_get(API_URL.format(number=number, register=register), settings.KRS_LOOKUP_TIMEOUT)
        if status == 404:
            continue
        if status != 200:
            raise KrsError(UNREACHABLE, f"HTTP {status}")
        try:
            payload = json.loads(body)
        except ValueError as error:
            raise KrsError(MALFORMED, str(error)) from None
        return parse(payload)
    raise KrsError(NOT_FOUND, number)


def http_get(url, timeout):
    """(status, body) of a GET; KrsError(UNREACHABLE) when there is no answer in time."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "Wspolpraca"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except (OSError, http.client.HTTPException) as error:  # URLError and timeouts are OSErrors
        raise KrsError(UNREACHABLE, str(error)) from None


def parse(payload):
    """A KrsRecord from the register's JSON answer (`odpis` → `naglowekA`, `dane` → `dzial1`…)."""
    try:
        extract = payload["odpis"]
        header = extract["naglowekA"]
        data = extract["dane"]
        entity = data["dzial1"]["danePodmiotu"]
        number = str(header["numerKRS"])
        name = _text(entity["nazwa"])
    except (KeyError, TypeError) as error:
        raise KrsError(MALFORMED, f"missing {error}") from None
    if not name or not KRS_RE.match(number):
        raise KrsError(MALFORMED, "no name or number")
    ids = _dict(entity.get("identyfikatory"))
    place = _dict(_dict(data["dzial1"]).get("siedzibaIAdres"))
    seat, address = _dict(place.get("siedziba")), _dict(place.get("adres"))
    legal_form_text = _text(entity.get("formaPrawna"))
    representation = _dict(_dict(data.get("dzial2")).get("reprezentacja"))
    body, people = _text(representation.get("nazwaOrganu")), _people(representation.get("sklad"))
    if not people and _liquidators(data):  # in liquidation the liquidators represent it
        body, people = "LIKWIDATORZY", _liquidators(data)
    return KrsRecord(
        krs_number=number,
        register=_text(header.get("rejestr")).removeprefix("Rej") or "",
        state_on=_text(header.get("stanZDnia")),
        name=name,
        legal_form_text=legal_form_text,
        legal_form=_legal_form(legal_form_text),
        nip=re.sub(r"\D", "", _text(ids.get("nip"))),
        regon=_regon(_text(ids.get("regon"))),
        is_public_benefit=entity.get("czyPosiadaStatusOPP") is True,
        street_address=_street(address),
        postal_code=_text(address.get("kodPocztowy")),
        town=_town(address.get("miejscowosc") or seat.get("miejscowosc")),
        seat=_seat(seat),
        representation_body=body,
        representatives=people,
        in_liquidation=bool(LIQUIDATION_RE.search(name) or _liquidation(data)),
    )


def _text(value):
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _dict(value):
    return value if isinstance(value, dict) else {}


def _legal_form(text):
    text = text.upper()
    for wording, form in LEGAL_FORMS:
        if wording in text:
            return form.value
    return ""


def _regon(value):
    """The register gives 14 digits, ending in 00000 for a 9-digit REGON."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 14 and digits.endswith("00000"):
        return digits[:9]
    return digits


def _town(value):
    """Towns come in capitals; the form writes "Płock", "Bielsko-Biała"."""
    return "-".join(part.title() for part in _text(value).split("-"))


def _seat(seat):
    """ "Płock (mazowieckie)": the town and the voivodeship."""
    town, region = _town(seat.get("miejscowosc")), _text(seat.get("wojewodztwo")).lower()
    return f"{town} ({region})" if town and region else town or region


def _street(address):
    street = _text(address.get("ulica"))
    words = street.split()
    if words and words[0].upper() in STREET_PREFIXES:
        street = " ".join([STREET_PREFIXES[words[0].upper()], _town(" ".join(words[1:]))])
    elif street:
        street = _town(street)
    number = _text(address.get("nrDomu"))
    if address.get("nrLokalu"):
        number = f"{number}/{_text(address['nrLokalu'])}"
    if not street:  # a village without streets: "Borowiczki 12"
        street = _town(address.get("miejscowosc"))
    return " ".join(part for part in (street, number) if part)


def _people(members):
    people = []
    for member in members if isinstance(members, list) else []:
        member = _dict(member)
        names = _dict(member.get("imiona"))
        surname = _dict(member.get("nazwisko"))
        full = " ".join(
            _text(part) for part in (names.get("imie"), names.get("imieDrugie"), surname.get("nazwiskoICzlon")) if part
        )
        if full:
            function = _text(member.get("funkcjaWOrganie")).lower()
            people.append({"name": full.title(), "function": function[:1].upper() + function[1:]})
    return people


def _liquidators(data):
    liquidation = _dict(_dict(data.get("dzial6")).get("likwidacja"))
    people = _people(liquidation.get("likwidatorzy"))
    for person in people:
        person["function"] = person["function"] or "Likwidator"
    return people


def _liquidation(data):
    """Section 6 names the liquidation and its liquidators when one is open."""
    section = _dict(data.get("dzial6"))
    liquidation = section.get("likwidacja")
    return bool(liquidation) or bool(section.get("likwidatorzy"))
