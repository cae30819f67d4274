from django import forms
from django.utils.translation import gettext_lazy as _

from wspolpraca.accounts.enums import SiteRole
from wspolpraca.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {"phone": _("Optional. The centre uses it only to contact you about your cases.")}


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=200)
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("any")), *SiteRole.choices, ("none", _("no site role"))],
    )


class RolesForm(forms.Form):
    is_officer = forms.BooleanField(
        label=_("City officer"),
        required=False,
        help_text=_("Works on calls, the registry and other cases of the city."),
    )
    is_executive = forms.BooleanField(
        label=_("Executive (Mayor)"),
        required=False,
        help_text=_("Decides on behalf of the Mayor: selection of offers, cancellations."),
    )
    is_administrator = forms.BooleanField(
        label=_("Administrator"),
        required=False,
        help_text=_("Grants roles and edits the site settings."),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and this cannot be undone"),
        required=True,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password


class UnlockRequestForm(forms.Form):
    """The lockout page's request for a link that unblocks logging in."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
