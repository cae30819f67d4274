"""A small site with one of everything a visitor can reach (builders for the bad-input drills)."""

from decimal import Decimal
from html.parser import HTMLParser

from django.utils import timezone

from tests.competitions import factories_results as fr
from tests.competitions.factories import CallFactory, CityUnitFactory, OfferFactory, open_call
from tests.competitions.test_small_grants_factories import sg_call, submitted_offer
from wspolpraca.competitions.enums import DecisionOutcome
from wspolpraca.competitions.evaluation import results
from wspolpraca.competitions.small_grants import services as small_grants


def draft_call_of(officer):
    """A draft call of a city unit `officer` works for (its documents can be changed)."""
    unit = CityUnitFactory()
    unit.officers.add(officer)
    return CallFactory(unit=unit)


def build_site(*, officer, executive, organisation):
    """An open call with a draft offer of `organisation`, a call with published results and a
    small-grant offer published for comments. Returns what the tests need to reach them."""
    call = open_call()
    offer = OfferFactory(call=call, task=call.tasks.first(), organisation=organisation)
    resolved, good, _bad, _members = fr.evaluated_call(offers=2, rejected=1)
    resolved.unit.officers.add(officer)
    results.publish_results(
        actor=executive,
        call=resolved,
        choices={o.pk: {"outcome": DecisionOutcome.FUNDED, "amount": Decimal("10000.00")} for o in good},
    )
    unit = call.unit
    unit.officers.add(officer)
    review = small_grants.register_small_grant_offer(offer=submitted_offer(sg_call(unit=unit)), actor=None)
    today = timezone.localdate()
    review = small_grants.publish_small_grant_offer(
        actor=officer, review=review, bip_published_on=today, notice_board_published_on=today
    )[0]
    return {"call": call, "offer": offer, "resolved": resolved, "funded": good, "review": review}


class _Forms(HTMLParser):
    """The page's forms as a browser would submit them untouched: hidden and preset values,
    checked boxes, selected options, the text of text areas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = self._textarea = None
        self._first_option = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            method = (a.get("method") or "get").lower()
            self.forms.append({"action": a.get("action") or "", "method": method, "fields": {}, "names": {}})
            return
        if not self.forms:
            return
        fields, name = self.forms[-1]["fields"], a.get("name")
        if name and tag in ("input", "select", "textarea"):
            kind = (a.get("type") or tag).lower()
            self.forms[-1]["names"].setdefault(name, {"type": kind, "maxlength": a.get("maxlength")})
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind == "submit":
                self._press(name, a)
            elif kind not in ("button", "file", "image", "reset"):
                fields[name] = a.get("value") or ""
        elif tag == "button" and name and (a.get("type") or "submit").lower() == "submit":
            self._press(name, a)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._first_option.setdefault(self._select, value)
            if "selected" in a:
                fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def _press(self, name, attrs):
        """The form's first named submit button, as if it was the one clicked."""
        form = self.forms[-1]
        if not form.get("pressed"):
            form["pressed"] = True
            form["fields"][name] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            fields = self.forms[-1]["fields"]
            fields.setdefault(self._select, self._first_option.get(self._select, ""))
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def forms_of(html):
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def get_form_names(html):
    """Names of the inputs of the page's GET forms (its search boxes and filters)."""
    return {name for form in forms_of(html) if form["method"] != "post" for name in form["fields"]}


def post_forms(html):
    """(action, {name: value}, {name: {"type", "maxlength"}}) of the page's POST forms: what they
    would send untouched, and every input they have (unchecked boxes included)."""
    return [(form["action"], form["fields"], form["names"]) for form in forms_of(html) if form["method"] == "post"]
