"""The demo password and TOTP secret are published in the README: when DEBUG is off
they are refused everywhere (logging in, setting a password, the two-step code)."""

from allauth.account.forms import LoginForm
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def demo_credentials_refused():
    return not settings.DEBUG


def uses_demo_totp_secret(user):
    adapter = get_mfa_adapter()
    return any(
        adapter.decrypt(auth.data.get("secret", "")) == settings.DEMO_TOTP_SECRET
        for auth in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
    )


class DemoPasswordValidator:
    """Nobody may choose the published demo password on a production server."""

    def validate(self, password, user=None):
        if demo_credentials_refused() and password == settings.DEMO_PASSWORD:
            raise ValidationError(_("This is the published demo password; choose another one."), code="demo_password")

    def get_help_text(self):
        return _("Your password cannot be the published demo password.")


class GuardedLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Remember me on this device")

    def clean(self):
        if demo_credentials_refused() and self.cleaned_data.get("password") == settings.DEMO_PASSWORD:
            raise ValidationError(
                _("Demo accounts are switched off on this server. Reset your password to log in."),
                code="demo_password",
            )
        return super().clean()


class _DemoSecretMixin:
    def clean_code(self):
        if demo_credentials_refused() and uses_demo_totp_secret(self.user):
            raise ValidationError(
                _("Your authenticator uses the published demo secret. Ask an administrator to reset it."),
                code="demo_secret",
            )
        return super().clean_code()


class GuardedAuthenticateForm(_DemoSecretMixin, AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page asks for nothing else: the code field takes the focus (keyboard, screen readers).
        self.fields["code"].widget.attrs.update({"autofocus": True, "inputmode": "numeric"})


class GuardedReauthenticateForm(_DemoSecretMixin, ReauthenticateForm):
    pass
