from wspolpraca.common.models import SiteSettings


def site(request):
    return {"site": SiteSettings.load()}
