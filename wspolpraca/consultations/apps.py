from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "wspolpraca.consultations"
    verbose_name = _("consultations")

    def ready(self):
        from wspolpraca.common.home import register_home_sections, register_public_sections
        from wspolpraca.common.scheduled import register_scheduled_step
        from wspolpraca.consultations.home import home_sections, public_sections
        from wspolpraca.consultations.opinions import lapse_opinion_requests, report_section
        from wspolpraca.consultations.participation import alerts_step
        from wspolpraca.consultations.reports import register_report_section
        from wspolpraca.consultations.services import scheduled_step

        register_home_sections(home_sections)
        register_public_sections(public_sections, order=200)  # after the calls and results
        # Announced consultations open and open ones close by the clock.
        register_scheduled_step("consultations", scheduled_step, order=50)
        # Then the e-mail alerts about the consultations that opened.
        register_scheduled_step("consultation_alerts", alerts_step, order=51)
        # Opinion requests without an opinion close the day after their deadline.
        register_scheduled_step("opinion_requests", lapse_opinion_requests, order=55)
        # The bodies' opinions in the reports published after them ("Raport 2").
        register_report_section(report_section)
