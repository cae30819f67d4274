from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, keeping e-mail addresses lower-case (they are the login)."""

    def clean_email(self, email):
        return super().clean_email(email).strip().lower()

    def populate_username(self, request, user):
        user.email = (user.email or "").strip().lower()
        return super().populate_username(request, user)
