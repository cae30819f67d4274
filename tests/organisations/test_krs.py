"""The court register's client (organisations/krs.py): parsing the recorded answers of the
published `OdpisAktualny` format, and what happens when the register does not answer."""

import contextlib
import http.server
import json
import threading
import time
from pathlib import Path

import pytest

from wspolpraca.organisations import krs

FIXTURES = Path(__file__).parent / "krs"


def recorded(name):
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def fake_register(monkeypatch, answers):
    """The register answers `answers[(number, register)]` = (status, payload); 404 otherwise."""
    calls = []

    def http_get(url, timeout):
        calls.append((url, timeout))
        for (number, register), (status, payload) in answers.items():
            if f"/OdpisAktualny/{number}?rejestr={register}&" in url:
                return status, json.dumps(payload).encode() if isinstance(payload, dict) else payload
        return 404, b""

    monkeypatch.setattr(krs, "http_get", http_get)
    return calls


def test_an_association_from_register_s():
    record = krs.parse(recorded("association"))
    assert record.krs_number == "0290154571"
    assert record.register == "S"
    assert record.state_on == "05.12.2026"
    assert record.name == "STOWARZYSZENIE PRZYJACIÓŁ WZGÓRZA TUMSKIEGO"
    assert record.legal_form == "association"
    assert record.nip == "1624469208"
    assert record.regon == "971537290"  # 14 digits ending in 00000 → the 9-digit REGON
    assert record.is_public_benefit is True
    assert record.street_address == "ul. Tumska 3/12"
    assert record.postal_code == "09-402"
    assert record.town == "Płock"
    assert record.seat == "Płock (mazowieckie)"
    assert record.representation_body == "ZARZĄD"
    assert record.representatives == [
        {"name": "Anna Maria Wiśniewska", "function": "Prezes zarządu"},
        {"name": "Piotr Nowak-Łuczak", "function": "Skarbnik"},
    ]
    assert record.in_liquidation is False


def test_a_foundation():
    record = krs.parse(recorded("foundation"))
    assert record.legal_form == "foundation"
    assert record.name == "FUNDACJA NADWIŚLAŃSKICH OGRODÓW"
    assert record.is_public_benefit is False
    assert record.street_address == "al. Kobylińskiego 25"
    assert record.representatives == [{"name": "Tomasz Zieliński", "function": "Prezes zarządu"}]
    assert record.form_values() == {
        "name": "FUNDACJA NADWIŚLAŃSKICH OGRODÓW",
        "krs_number": "0290158142",
        "nip": "1624548385",
        "regon": "972584586",
        "street_address": "al. Kobylińskiego 25",
        "postal_code": "09-400",
        "town": "Płock",
        "legal_form": "foundation",
    }


def test_an_organisation_in_liquidation_is_marked_and_its_liquidators_represent_it():
    record = krs.parse(recorded("in_liquidation"))
    assert record.in_liquidation is True
    assert record.legal_form == "association"  # "STOWARZYSZENIE KULTURY FIZYCZNEJ"
    assert record.representation_body == "LIKWIDATORZY"
    assert record.representatives == [{"name": "Marek Dąbrowski", "function": "Likwidator"}]


def test_liquidation_is_found_in_section_6_even_when_the_name_does_not_say_it():
    payload = recorded("in_liquidation")
    payload["odpis"]["dane"]["dzial1"]["danePodmiotu"]["nazwa"] = "KLUB SPORTOWY WISŁA-RADZIWIE"
    assert krs.parse(payload).in_liquidation is True
    payload["odpis"]["dane"]["dzial6"] = {}
    assert krs.parse(payload).in_liquidation is False


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("STOWARZYSZENIE JEDNOSTEK SAMORZĄDU TERYTORIALNEGO", "local_government_association"),
        ("SPÓŁDZIELNIA SOCJALNA", "social_cooperative"),
        ("SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", "non_profit_company"),
        ("ZWIĄZEK STOWARZYSZEŃ", "association"),
        ("KOŚCIELNA OSOBA PRAWNA", ""),
    ],
)
def test_legal_forms_map_to_the_registry_choices(wording, expected):
    payload = recorded("foundation")
    payload["odpis"]["dane"]["dzial1"]["danePodmiotu"]["formaPrawna"] = wording
    assert krs.parse(payload).legal_form == expected


@pytest.mark.parametrize(
    "payload",
    [{}, {"odpis": {}}, {"odpis": {"naglowekA": {"numerKRS": "0290158142"}, "dane": {"dzial1": {}}}}, []],
)
def test_an_answer_without_the_published_parts_is_malformed(payload):
    with pytest.raises(krs.KrsError) as error:
        krs.parse(payload)
    assert error.value.kind == krs.MALFORMED


def test_fetch_asks_register_s_then_p(monkeypatch, settings):
    settings.KRS_LOOKUP_TIMEOUT = 5
    company = recorded("foundation")
    company["odpis"]["naglowekA"]["rejestr"] = "RejP"
    calls = fake_register(monkeypatch, {("0290158142", "P"): (200, company)})
    record = krs.fetch("0290158142")
    assert record.register == "P"
    assert [url.split("rejestr=")[1][0] for url, _ in calls] == ["S", "P"]
    assert calls[0][0] == "https://api-krs.ms.gov.pl/api/krs/OdpisAktualny/0290158142?rejestr=S&format=json"
    assert all(timeout == 5 for _, timeout in calls)


def test_a_number_that_does_not_exist(monkeypatch):
    calls = fake_register(monkeypatch, {})
    with pytest.raises(krs.KrsError) as error:
        krs.fetch("0000000001")
    assert error.value.kind == krs.NOT_FOUND
    assert len(calls) == 2


def test_not_a_krs_number_is_not_sent(monkeypatch):
    calls = fake_register(monkeypatch, {})
    with pytest.raises(krs.KrsError):
        krs.fetch("12345")
    assert calls == []


@pytest.mark.parametrize(("status", "body", "kind"), [(500, b"", krs.UNREACHABLE), (200, b"<html>", krs.MALFORMED)])
def test_a_failing_register(monkeypatch, status, body, kind):
    fake_register(monkeypatch, {("0290158142", "S"): (status, body)})
    with pytest.raises(krs.KrsError) as error:
        krs.fetch("0290158142")
    assert error.value.kind == kind


# --- the real HTTP client against a local server ---------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    delay = 0

    def do_GET(self):
        time.sleep(self.delay)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            self.answer()

    def answer(self):
        if "0290154571" in self.path:
            body = (FIXTURES / "association.json").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_register(monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setattr(krs, "API_URL", base + "/api/krs/OdpisAktualny/{number}?rejestr={register}&format=json")
    yield Handler
    Handler.delay = 0
    server.shutdown()
    server.server_close()


def test_the_http_client_reads_an_answer_and_a_404(local_register, settings):
    assert krs.fetch("0290154571").name == "STOWARZYSZENIE PRZYJACIÓŁ WZGÓRZA TUMSKIEGO"
    with pytest.raises(krs.KrsError) as error:
        krs.fetch("0000000001")
    assert error.value.kind == krs.NOT_FOUND


def test_a_register_slower_than_the_timeout_is_unreachable(local_register, settings):
    settings.KRS_LOOKUP_TIMEOUT = 0.2
    local_register.delay = 1
    started = time.monotonic()
    with pytest.raises(krs.KrsError) as error:
        krs.fetch("0290154571")
    assert error.value.kind == krs.UNREACHABLE
    assert time.monotonic() - started < 1


def test_no_server_at_all_is_unreachable(monkeypatch):
    monkeypatch.setattr(krs, "API_URL", "http://127.0.0.1:9/{number}?rejestr={register}")
    with pytest.raises(krs.KrsError) as error:
        krs.fetch("0290154571")
    assert error.value.kind == krs.UNREACHABLE
