"""Form fields that refuse hostile input with a message where Django's own would fail."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# SQLite and PostgreSQL store integer keys in 64 bits.
INTEGER_KEYS = range(-(2**63), 2**63)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, with a number beyond 64 bits refused as an invalid choice.

    Django guards exact lookups against such numbers, but not the `pk__in` lookup this field
    makes: SQLite raises OverflowError (a server error) on `areas=99999999999999999999999`.
    """

    def _check_values(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name else None
        key = key or self.queryset.model._meta.pk
        if isinstance(key, models.IntegerField) and isinstance(value, list | tuple):
            for item in value:
                try:
                    number = int(str(item).strip())
                except ValueError:
                    continue  # Django's own check refuses it
                if number not in INTEGER_KEYS:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super()._check_values(value)
