"""The canonical text of a submitted offer and its SHA-256 checksum.

The canonical text is JSON with sorted keys and no insignificant whitespace (separators
"," and ":"), UTF-8, non-ASCII characters written as themselves. It holds the offer's
identity (call, task, offerors, attachments with their SHA-256) and its content, with
amounts normalised to two decimal places ("1 234,5" → "1234.50") and dates in ISO form,
so the same offer always gives the same text. Values that do not parse are kept as typed.

To verify a checksum: download the canonical JSON of a version and compute
`sha256sum kanoniczna.json` (or `hashlib.sha256(text.encode("utf-8")).hexdigest()`);
the result must equal the checksum on the receipt.
"""

import hashlib
import json

from wspolpraca.competitions.kernel.offer_content import SOURCE_KEYS, money, parse_date
from wspolpraca.competitions.offers.checks import organisations_of

# Keys whose values are amounts or numbers of units, wherever they occur in the document.
AMOUNT_KEYS = frozenset({"unit_cost", "units", "grant", *SOURCE_KEYS})
DATE_KEYS = frozenset({"start", "end"})


def _amount(value):
    parsed = money(value)
    return f"{parsed:.2f}" if parsed is not None else value


def _date(value):
    parsed = parse_date(value)
    return parsed.isoformat() if parsed is not None else value


def normalise(value, key=None):
    """The document with amounts as "0.00" strings and dates ISO; everything else unchanged."""
    if isinstance(value, dict):
        if key == "years":
            return {str(k): _amount(v) for k, v in value.items()}
        return {str(k): normalise(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(item, key) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if key in AMOUNT_KEYS:
        return _amount(value)
    if key in DATE_KEYS:
        return _date(value)
    return value


def document(*, call_slug, task_number, offerors, attachments, content):
    """The structure that is serialised: identity plus the normalised content."""
    return {
        "call": call_slug,
        "task": task_number,
        "offerors": [{"id": o["id"], "name": o["name"]} for o in offerors],
        "attachments": [{"title": a["title"], "sha256": a["sha256"]} for a in attachments],
        "content": normalise(content or {}),
    }


def dumps(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def checksum(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def offer_attachments(offer):
    """The offer's attachments in the canonical order."""
    return list(offer.attachments.order_by("uploaded_at", "pk"))


def for_offer(offer, *, organisations=None, attachments=None):
    """(canonical text, checksum, attachments list) of the offer as it stands now.

    `organisations` (organisations_of) and `attachments` (offer_attachments) may be given when
    the caller has read them already."""
    if organisations is None:
        organisations = organisations_of(offer)
    offerors = [{"id": org.pk, "name": org.name} for org in organisations]
    attachments = [
        {
            "title": a.title,
            "name": a.file.name.rsplit("/", 1)[-1] if a.file else "",
            "sha256": a.sha256,
            "size": a.size,
        }
        for a in (offer_attachments(offer) if attachments is None else attachments)
    ]
    text = dumps(
        document(
            call_slug=offer.call.slug,
            task_number=offer.task.number,
            offerors=offerors,
            attachments=attachments,
            content=offer.content,
        )
    )
    return text, checksum(text), attachments
