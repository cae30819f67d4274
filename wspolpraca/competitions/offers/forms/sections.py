"""The sections of the offer editor: their fields, and the POST read back into the document.

The sections are not Django forms: their inputs are named exactly like the field ids that
`offer_checks.check()` reports (e.g. "V-actions-0-lines-1-units"), so a problem links to its
input. `parse_section()` turns the POST back into the section's document (strings as typed) and
`apply_row_operation()` adds or removes table rows (works without JS); `section_fields` prepares
the fields, rows and messages the templates render.
"""

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wspolpraca.competitions.kernel import offer_content

SECTION_TITLES = {
    "I": _("I. Authority and type of task"),
    "II": _("II. The offeror(s)"),
    "III": _("III. The public task"),
    "IV": _("IV. The offeror's capacity"),
    "V": _("V. Costs and sources"),
    "VI": _("VI. Other information"),
    "VII": _("VII. Declarations"),
}

SCALARS = {
    "I": [
        ("authority", _("Public administration authority the offer is addressed to"), "text"),
        ("task_type", _("Type of public task (art. 4 of the Act)"), "textarea"),
    ],
    "III_top": [
        ("title", _("Title of the public task"), "text"),
        ("start", _("Start date"), "date"),
        ("end", _("End date"), "date"),
        ("place", _("Place of performance"), "text"),
        ("target_group", _("Target group: who and how many"), "textarea"),
        ("needs", _("Description of the task: needs answered, how, and for whom"), "textarea"),
        ("complementarity", _("Complementarity with other activities (optional)"), "textarea"),
    ],
    "III_results": [
        ("results_products", _("What will be produced (products, services, events)"), "textarea"),
        ("results_change", _("What change the task will bring about"), "textarea"),
        ("results_durability", _("Will the results last after the task ends"), "textarea"),
    ],
    "IV": [
        ("experience", _("Earlier activity of the offeror(s), especially in this area"), "textarea"),
        ("resources", _("Staff, material and financial resources for the task"), "textarea"),
    ],
    "VI": [
        ("partners_roles", _("Joint offer: what each offeror will do and how they will be represented"), "textarea"),
        ("other", _("Other information relevant to the task (optional)"), "textarea"),
    ],
}
OFFEROR_FIELDS = [
    ("name", pgettext_lazy("organisation", "Name"), "text"),
    ("legal_form", _("Legal form"), "select"),
    ("register", _("KRS number or other register and number"), "text"),
    ("address", _("Address"), "text"),
    ("correspondence_address", _("Address for correspondence, if different"), "text"),
    ("email", _("E-mail"), "email"),
    ("phone", _("Phone"), "tel"),
    ("website", _("Website"), "url"),
    ("bank_account", _("Bank account number"), "text"),
]
CONTACT_FIELDS = [
    ("name", _("Name of the person who will explain the offer"), "text"),
    ("phone", _("Phone"), "tel"),
    ("email", _("E-mail"), "email"),
]
ACTIVITY_FIELDS = [
    ("name", _("Name of the activity"), "text"),
    ("description", _("Description"), "textarea"),
    ("target_group", _("Target group"), "text"),
    ("period", _("Planned period"), "text"),
    ("subcontracted", _("Scope performed by a sub-contractor"), "text"),
]
RESULT_FIELDS = [
    ("name", _("Result"), "text"),
    ("target", _("Target value"), "text"),
    ("monitoring", _("How it will be monitored"), "text"),
]
LINE_FIELDS = [
    ("kind", _("Kind of cost"), "text"),
    ("measure", _("Unit of measure"), "text"),
    ("unit_cost", _("Unit cost [PLN]"), "money"),
    ("units", _("Number of units"), "number"),
]
SOURCE_LABELS = {
    "grant": _("Grant requested"),
    "own_financial": _("Own financial contribution"),
    "own_personal": _("Personal contribution (volunteers' and members' work)"),
    "own_in_kind": _("In-kind contribution"),
    "recipient_payments": _("Payments from the recipients of the task"),
}
PAID_CHOICES = [("unpaid", _("free of charge (non-paid activity)")), ("paid", _("for payment (paid activity)"))]
DECLARATION_LABELS = {
    "public_benefit_only": _(
        "The proposed task will be carried out only within the offeror's public benefit activity."
    ),
    "payments_only_if_paid": _("Payments from recipients will be collected only within paid public benefit activity."),
    "truthful": _("The data in this offer are true and consistent with the register."),
    "personal_data": _(
        "The offeror has the consent of the persons whose personal data are in the offer, and informs them as the GDPR requires."
    ),
}
DECLARATION_CHOICES = {
    "tax_arrears": (
        _("Tax arrears"),
        [("no", _("the offeror has no tax arrears")), ("yes", _("the offeror has tax arrears"))],
    ),
    "zus_arrears": (
        _("Social insurance (ZUS) arrears"),
        [("no", _("the offeror has no ZUS arrears")), ("yes", _("the offeror has ZUS arrears"))],
    ),
    "register_match": (
        _("Register data"),
        [
            ("krs", _("the data are consistent with the National Court Register (KRS)")),
            ("other", _("the data are consistent with another register or record")),
        ],
    ),
}


# --- parsing --------------------------------------------------------------------------------


def _get(post, name):
    value = post.get(name, "")
    value = value if isinstance(value, str) else str(value)
    return value.replace("\x00", "")  # nobody types NUL, and PostgreSQL cannot keep it in JSON


def _indices(post, prefix):
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)-")
    found = {int(m.group(1)) for key in post if (m := pattern.match(key))}
    return sorted(found)


def _years(post, prefix, years):
    values = {str(year): _get(post, f"{prefix}-years-{year}") for year in years if f"{prefix}-years-{year}" in post}
    # Years beyond the task's (the dates changed) are kept as they were typed.
    pattern = re.compile(rf"^{re.escape(prefix)}-years-(\d{{4}})$")
    for key in post:
        if (m := pattern.match(key)) and m.group(1) not in values:
            values[m.group(1)] = _get(post, key)
    return values


def _line(post, prefix, years, simplified):
    row = {key: _get(post, f"{prefix}-{key}") for key, _label, _kind in LINE_FIELDS}
    row["years"] = _years(post, prefix, years)
    if simplified:
        row["grant"] = _get(post, f"{prefix}-grant")
    return row


def parse_section(section, post, *, years, organisations, simplified=False):
    """The section's document from the POST, strings as typed."""
    if section in ("I", "IV"):
        return {key: _get(post, f"{section}-{key}") for key, _l, _k in SCALARS[section]}
    if section == "II":
        offerors = []
        for n, organisation in enumerate(organisations):
            row = {"organisation_id": organisation.pk}
            row.update({key: _get(post, f"II-offerors-{n}-{key}") for key, _l, _k in OFFEROR_FIELDS})
            offerors.append(row)
        contact = {key: _get(post, f"II-contact-{key}") for key, _l, _k in CONTACT_FIELDS}
        return {"offerors": offerors, "contact": contact}
    if section == "III":
        data = {key: _get(post, f"III-{key}") for key, _l, _k in SCALARS["III_top"] + SCALARS["III_results"]}
        keys = ["year"] + [k for k, _l, _k in ACTIVITY_FIELDS] + ["partner"]
        data["activities"] = [
            {key: _get(post, f"III-activities-{i}-{key}") for key in keys} for i in _indices(post, "III-activities")
        ]
        data["results"] = [
            {key: _get(post, f"III-results-{i}-{key}") for key, _l, _k in RESULT_FIELDS}
            for i in _indices(post, "III-results")
        ]
        return data
    if section == "V":
        actions = []
        for a in _indices(post, "V-actions"):
            prefix = f"V-actions-{a}"
            lines = [_line(post, f"{prefix}-lines-{i}", years, simplified) for i in _indices(post, f"{prefix}-lines")]
            actions.append({"name": _get(post, f"{prefix}-name"), "lines": lines})
        admin = [_line(post, f"V-admin_lines-{i}", years, simplified) for i in _indices(post, "V-admin_lines")]
        sources = {key: _get(post, f"V-sources-{key}") for key in offer_content.SOURCE_KEYS}
        split = []
        if len(organisations) > 1:
            for n, organisation in enumerate(organisations):
                split.append({"organisation_id": organisation.pk, "years": _years(post, f"V-split-{n}", years)})
        return {"actions": actions, "admin_lines": admin, "sources": sources, "split": split}
    if section == "VI":
        data = {key: _get(post, f"VI-{key}") for key, _l, _k in SCALARS["VI"]}
        data["paid"] = _get(post, "VI-paid")
        return data
    if section == "VII":
        declarations = {
            key: post.get(f"VII-{key}") in ("on", "true", "1") for key in offer_content.DECLARATION_CHECKBOXES
        }
        declarations.update({key: _get(post, f"VII-{key}") for key in DECLARATION_CHOICES})
        return {"declarations": declarations}
    raise ValueError(section)


def _empty_line(simplified):
    row = {"kind": "", "measure": "", "unit_cost": "", "units": "", "years": {}}
    if simplified:
        row["grant"] = ""
    return row


def apply_row_operation(section, data, *, add=None, remove=None, simplified=False):
    """Add or remove a table row; returns the id of the field to focus (or None)."""
    if section == "III":
        if add and add.startswith("III-activities-"):
            data.setdefault("activities", []).append({"year": add.rsplit("-", 1)[1], "name": ""})
            return f"III-activities-{len(data['activities']) - 1}-name"
        if add == "III-results":
            data.setdefault("results", []).append({"name": "", "target": "", "monitoring": ""})
            return f"III-results-{len(data['results']) - 1}-name"
        for key in ("activities", "results"):
            if remove and (m := re.fullmatch(rf"III-{key}-(\d+)", remove)):
                rows = data.get(key) or []
                if int(m.group(1)) < len(rows):
                    rows.pop(int(m.group(1)))
                return f"III-{key}"
    if section == "V":
        actions = data.setdefault("actions", [])
        if add == "V-actions":
            actions.append({"name": "", "lines": [_empty_line(simplified)]})
            return f"V-actions-{len(actions) - 1}-name"
        if add and (m := re.fullmatch(r"V-actions-(\d+)-lines", add)) and int(m.group(1)) < len(actions):
            lines = actions[int(m.group(1))].setdefault("lines", [])
            lines.append(_empty_line(simplified))
            return f"{add}-{len(lines) - 1}-kind"
        if add == "V-admin_lines":
            data.setdefault("admin_lines", []).append(_empty_line(simplified))
            return f"V-admin_lines-{len(data['admin_lines']) - 1}-kind"
        if remove and (m := re.fullmatch(r"V-actions-(\d+)-lines-(\d+)", remove)):
            a, i = int(m.group(1)), int(m.group(2))
            if a < len(actions) and i < len(actions[a].get("lines") or []):
                actions[a]["lines"].pop(i)
            return f"V-actions-{a}-name"
        if remove and (m := re.fullmatch(r"V-actions-(\d+)", remove)):
            if int(m.group(1)) < len(actions):
                actions.pop(int(m.group(1)))
            return "V-actions"
        if remove and (m := re.fullmatch(r"V-admin_lines-(\d+)", remove)):
            rows = data.get("admin_lines") or []
            if int(m.group(1)) < len(rows):
                rows.pop(int(m.group(1)))
            return "V-admin_lines"
    return None
