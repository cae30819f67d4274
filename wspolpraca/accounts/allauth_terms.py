"""allauth's own strings that our Polish catalogue words differently.

allauth ships Polish, but calls two-step verification "autoryzacja dwuskładnikowa" and
recovery codes "kody odzyskiwania"; the site says "weryfikacja dwuetapowa" and "kody
zapasowe". This app comes before allauth in INSTALLED_APPS, so its catalogue wins. The
calls below are never run: they only keep these messages in our catalogue for
`makemessages`. The message ids must match allauth's exactly.
"""

from django.utils.translation import gettext_noop, ngettext


def _allauth_messages():  # pragma: no cover - read by makemessages only
    gettext_noop("Two-Factor Authentication")
    gettext_noop("Your account is protected by two-factor authentication. Please enter an authenticator code:")
    gettext_noop("Authenticator App")
    gettext_noop("Authentication using an authenticator app is active.")
    gettext_noop("An authenticator app is not active.")
    gettext_noop("Recovery Codes")
    gettext_noop("Recovery codes")
    ngettext(
        "There is %(unused_count)s out of %(total_count)s recovery codes available.",
        "There are %(unused_count)s out of %(total_count)s recovery codes available.",
        0,
    )
    gettext_noop("No recovery codes set up.")
    gettext_noop("A new set of recovery codes has been generated.")
    gettext_noop("You are about to generate a new set of recovery codes for your account.")
    gettext_noop("I have saved my recovery codes")
    gettext_noop("Authenticator app activated.")
    gettext_noop("Authenticator app deactivated.")
    gettext_noop("Deactivate Authenticator App")
    gettext_noop("You are about to deactivate authenticator app based authentication. Are you sure?")
    gettext_noop("You cannot deactivate two-factor authentication.")
    gettext_noop("You cannot generate recovery codes without having two-factor authentication enabled.")
    gettext_noop("You cannot activate two-factor authentication until you have verified your email address.")
    gettext_noop("You cannot add an email address to an account protected by two-factor authentication.")
    gettext_noop("Authenticator code")
    gettext_noop("Enter an authenticator code:")
    gettext_noop("Deactivate")
    gettext_noop("Sign In")  # the button of the two-step page: "Zaloguj się", not "Zaloguj"
