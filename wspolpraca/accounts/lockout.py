def get_username(request, credentials):
    """The account name axes counts failures against: allauth logs in by e-mail."""
    for source in (credentials or {}, request.POST if request is not None else {}):
        for key in ("email", "login", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return None
