from wspolpraca.common.models import SiteSettings


def site(request):
    """`site` for pages; `site_settings` for the shared layout (header, footer), because
    allauth's views put their own `site` (the Sites framework's) into the context."""
    settings_row = SiteSettings.load()
    return {"site": settings_row, "site_settings": settings_row}
