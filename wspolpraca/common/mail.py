"""One templated e-mail: `<template>_subject.txt` and `<template>_body.txt`, rendered in the site's
language (Polish: an officer reading the site in English still writes to Polish organisations)
unless the caller names another, with the site settings and its address (SITE_URL) in the context."""

import functools

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from wspolpraca.common.models import SiteSettings


def send_templated_mail(*, template, recipients, context, language=None):
    """Send one e-mail to `recipients` (blanks and repeats dropped; nobody: nothing is sent).
    `template` is the templates' path without the suffix, e.g. "organisations/email/x";
    `language`: for a message to the person who acts (the language they use), else the site's."""
    recipients = sorted({r.lower(): r for r in recipients if r}.values())
    if not recipients:
        return
    context = {"site": SiteSettings.load(), "site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def in_site_language(function):
    """Run a function that renders and sends e-mail in the site's language (Polish), whatever
    language the person who acts reads the site in: for messages to other people."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper
