from django.forms.renderers import TemplatesSetting

from wspolpraca.common.forms import fast_templates


class AccessibleFormRenderer(TemplatesSetting):
    form_template_name = "common/forms/form.html"
    field_template_name = "common/forms/field.html"

    def render(self, template_name, context, request=None):
        # The most rendered form templates are built in Python (fast_templates.py, issue 17).
        html = fast_templates.render(template_name, context)
        if html is None:
            return super().render(template_name, context, request=request)
        return html
