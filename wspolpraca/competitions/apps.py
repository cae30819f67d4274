from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "wspolpraca.competitions"
    verbose_name = _("competitions and small grants")

    def ready(self):
        # Later stages follow earlier ones through signals (offers/signals.py, agreements/signals.py,
        # calls/signals.py); their receivers are connected here, once every model is loaded.
        from wspolpraca.accounts.roles import register_personal_role
        from wspolpraca.common.home import register_home_sections, register_public_sections
        from wspolpraca.common.scheduled import register_scheduled_step
        from wspolpraca.competitions import home
        from wspolpraca.competitions.agreements import receivers as agreements_receivers  # noqa: F401
        from wspolpraca.competitions.evaluation import receivers as evaluation_receivers  # noqa: F401
        from wspolpraca.competitions.models import CommissionMember
        from wspolpraca.competitions.reporting import receivers as reporting_receivers  # noqa: F401
        from wspolpraca.competitions.scheduled import STEPS
        from wspolpraca.competitions.small_grants import receivers as small_grants_receivers  # noqa: F401
        from wspolpraca.competitions.subjects import KINDS
        from wspolpraca.conversations.registry import register_subject_kind

        # Commission members read offers in the panel: they need two-step verification too.
        register_personal_role("commission_member", CommissionMember.objects.all, "user", requires_mfa=True)

        # What the person has waiting in the competitions, on their home page (/moje/).
        register_home_sections(home.home_sections)
        # What is open and what was decided, on the public home page (/).
        register_public_sections(home.public_sections)

        # Offers, agreements and reports carry threads of messages (conversations' registry).
        for kind in KINDS:
            register_subject_kind(kind)

        # Opening and closing calls, comment windows, formal-check and report deadlines by the clock.
        for name, step, order in STEPS:
            register_scheduled_step(name, step, order=order)
