"""Django's JSON serialisation without its one loss: DjangoJSONEncoder cuts times to milliseconds.

Backups (common/backup.py) must reproduce every record exactly, so this format writes times
with their microseconds; reading is Django's own JSON deserialiser (it parses full ISO times).
Registered as the serialisation format "exactjson" by wspolpraca.common.backup.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = django_json.Deserializer
