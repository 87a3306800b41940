"""JSON serialisation for dumpdata/loaddata that keeps datetimes to the microsecond.

Django's JSON encoder cuts them to milliseconds, so a backup restored with loaddata would
change every ``updated_at`` (and the exports and ETags that show it). Registered as the
"json" format in settings.SERIALIZATION_MODULES; reading is Django's own.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)) and not (isinstance(o, datetime.time) and o.utcoffset()):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()  # type: ignore[misc]  # private Serializer hook, absent from django-stubs
        if self.json_kwargs.get("cls") is DjangoJSONEncoder:
            self.json_kwargs["cls"] = FullPrecisionEncoder


Deserializer = django_json.Deserializer
