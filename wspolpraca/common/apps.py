from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "wspolpraca.common"
    verbose_name = _("common")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from wspolpraca.common import kept_forms, public_cache
        from wspolpraca.common.management.commands import run_scheduled
        from wspolpraca.common.scheduled import register_scheduled_step

        public_cache.connect_signals()
        user_logged_in.connect(kept_forms.on_user_logged_in, dispatch_uid="common.kept_forms")
        # Housekeeping, after the modules' own steps.
        register_scheduled_step("tasks", run_scheduled.prune_task_results, order=90)
        register_scheduled_step("kept_forms", kept_forms.prune_kept_forms, order=91)
        register_scheduled_step("form_tokens", run_scheduled.purge_form_tokens, order=92)
