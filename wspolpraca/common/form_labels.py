"""The labels of a page's form fields, read from the page itself, for kept forms.

A kept form (wspolpraca.common.kept_forms) holds only field names and values. To show them to
the person as they saw them ("Nazwa organizacji", not "name"; "Kultura i sztuka", not "7"),
the page at the form's address is asked for once more, as a GET by the same person through
every middleware, and its labels, legends and choices are read. Best effort: when the page cannot be shown (it is gone,
the person may no longer see it), the names are shown made readable instead.
"""

import functools
import io
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import urlsplit

from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest

CONTROLS = ("input", "select", "textarea")
COLLECTED = ("label", "legend", "option", "h1")


class PageForm(NamedTuple):
    heading: str = ""  # the page's <h1>
    labels: dict = {}  # field name -> label (or legend of its group of checkboxes)
    choices: dict = {}  # (name, value) -> text of the option or checkbox
    hidden: frozenset = frozenset()  # names of hidden inputs (not typed by the person)


class FormControls(HTMLParser):
    """Collects each control's label (or its group's legend), hidden inputs and choice texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.label_texts = {}  # element id -> label text
        self.controls = []  # (name, id, type, value)
        self.choices = {}  # (name, value) -> text of the <option> or of the checkbox's label
        self.group_labels = {}  # name -> legend of the fieldset around radio buttons / checkboxes
        self._legends = []  # legend texts of the open fieldsets
        self._open = None  # ("label", id) | ("legend",) | ("option", name, value): collecting text
        self._text = []
        self._skip = 0  # depth inside <span class="required">, not part of the label
        self._select = None
        self.heading = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and "required" in (attrs.get("class") or "").split() or tag == "span" and self._skip:
            self._skip += 1
        elif tag == "fieldset":
            self._legends.append("")
        elif tag == "legend" or (tag == "label" and attrs.get("for")):
            self._start(("legend",) if tag == "legend" else ("label", attrs["for"]))
        elif tag in CONTROLS and attrs.get("name"):
            self._control(tag, attrs)
        elif tag == "option" and self._select:
            self._start(("option", self._select, attrs.get("value")))
        elif tag == "h1" and not self.heading:
            self._start(("h1",))

    def _start(self, what):
        self._open, self._text = what, []

    def _control(self, tag, attrs):
        name, kind = attrs["name"], attrs.get("type", tag).lower()
        self.controls.append((name, attrs.get("id"), kind, attrs.get("value")))
        if kind in ("checkbox", "radio") and self._legends and self._legends[-1]:
            self.group_labels.setdefault(name, self._legends[-1])
        if tag == "select":
            self._select = name

    def handle_endtag(self, tag):
        if tag == "span" and self._skip:
            self._skip -= 1
        elif tag == "fieldset" and self._legends:
            self._legends.pop()
        elif tag == "select":
            self._select = None
        elif self._open and tag == self._open[0]:
            self._finish(" ".join("".join(self._text).split()))

    def _finish(self, text):
        what, self._open = self._open, None
        if what[0] == "label":
            self.label_texts[what[1]] = text
        elif what[0] == "legend" and self._legends:
            self._legends[-1] = text
        elif what[0] == "option" and what[2] is not None:
            self.choices[(what[1], what[2])] = text
        elif what[0] == "h1":
            self.heading = text

    def handle_data(self, data):
        if self._open and not self._skip:
            self._text.append(data)

    def result(self):
        labels, choices, hidden = {}, dict(self.choices), set()
        for name, element_id, kind, value in self.controls:
            text = self.label_texts.get(element_id or "")
            if kind == "hidden":
                hidden.add(name)
            elif kind in ("checkbox", "radio") and name in self.group_labels:
                labels.setdefault(name, self.group_labels[name])
                if text and value is not None:
                    choices[(name, value)] = text
            elif text:
                labels.setdefault(name, text)
        return PageForm(self.heading, labels, choices, frozenset(hidden - set(labels)))


INNER_REQUEST = "wspolpraca.kept_forms.labels"  # marks the GET made here (no interstitial for it)


@functools.cache
def _handler():
    handler = BaseHandler()
    handler.load_middleware()
    return handler


def page_as_seen_by(request, path):
    """The HTML that the person of `request` gets now for a GET of `path`, or None.

    A real GET through every middleware (sign-in, two-step verification, permissions), with
    the person's cookies, so it shows nothing they could not open themselves.
    """
    parts = urlsplit(path)
    environ = {
        **request.environ,
        "REQUEST_METHOD": "GET",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "CONTENT_LENGTH": "0",
        "wsgi.input": io.BytesIO(b""),
        INNER_REQUEST: True,
    }
    environ.pop("CONTENT_TYPE", None)
    environ.pop("HTTP_HX_REQUEST", None)
    response = _handler().get_response(WSGIRequest(environ))
    # Not response.close(): that announces the end of a request (request_finished), whose
    # receiver closes the database connection in the middle of this one. Only what the response
    # holds open (a streamed file) is released.
    for release in getattr(response, "_resource_closers", ()):
        release()
    if response.streaming or response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return None
    return response.content.decode(response.charset or "utf-8", "replace")


def form_labels(request, path):
    """The heading and the forms' labels of the page at `path` (a PageForm, empty if unknown)."""
    page = page_as_seen_by(request, path)
    if page is None:
        return PageForm()
    parser = FormControls()
    parser.feed(page)
    return parser.result()
