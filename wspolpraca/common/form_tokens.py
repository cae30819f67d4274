"""One-time form tokens: a creation form sent twice (a double click, a resent request) creates
one object, not two.

A form carries a random token in a hidden field (`{% load form_tokens %}{% form_token %}`).
The view hands the creation to `create_once`: in one transaction it stores the token (unique in
the database) and creates the object. A second sending with the same token hits the unique
constraint (on PostgreSQL it waits for the first transaction, then fails), finds the object the
first one created and returns it with `created=False`: the view redirects to it as if all went
well, nothing duplicated. A creation that fails (a validation error) rolls the token back, so
the corrected form can be sent with it again. A form sent without a token (an old page, a
client of our own) is created as before, unguarded.

Used tokens are kept FORM_TOKEN_DAYS days (`purge_form_tokens`, run by run_scheduled).
"""

import datetime
import re
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.models import FormToken

FIELD = "form_token"
FORM_TOKEN_DAYS = 30
_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def new_token():
    return secrets.token_urlsafe(24)


def posted_token(request):
    """The token the form was sent with, or None when missing or malformed."""
    token = str(request.POST.get(FIELD) or "")
    return token if _SHAPE.fullmatch(token) else None


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


def create_once(*, token, user, purpose, create):
    """Call `create()` (which returns the new object) at most once per token.

    Returns (object, created). With created=False the object is the one the first sending of
    the form created. The same token sent by another user or for another purpose (never by a
    browser) is refused with ValidationError."""
    if token is None:
        return create(), True
    user = _user_or_none(user)
    with transaction.atomic():
        try:
            with transaction.atomic():
                used = FormToken.objects.create(token=token, purpose=purpose, user=user)
        except IntegrityError:
            earlier = FormToken.objects.filter(token=token).first()
            if earlier is None or earlier.purpose != purpose or earlier.user_id != getattr(user, "pk", None):
                raise ValidationError(_("This form has already been sent. Reload the page."), code="used") from None
            return earlier.target, False
        obj = create()
        used.content_type = ContentType.objects.get_for_model(obj)
        used.object_id = str(obj.pk)
        used.save(update_fields=["content_type", "object_id"])
    return obj, True


def purge_form_tokens(now=None):
    """Forget tokens used more than FORM_TOKEN_DAYS ago (a form is not resent that late)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=FORM_TOKEN_DAYS)
    deleted, _rows = FormToken.objects.filter(used_at__lt=cutoff).delete()
    return deleted
