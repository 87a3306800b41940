"""Field classes shared by the API's serializers: text and codes that are ``null`` when unknown,
decimals as numbers, and the ``url``/``api_url`` links of a resource."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


class BlankAsNullCharField(serializers.CharField):
    """A text fact: ``null`` when the sources do not give it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A coded fact whose blank value means "unknown": ``null`` rather than ``""``."""

    def __init__(self, choices, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(choices, **kwargs)

    def to_representation(self, value):
        return value or None


class DecimalNumberField(serializers.DecimalField):
    """Decimals as JSON numbers (``412.5``), not strings."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("coerce_to_string", False)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class LinksMixin(serializers.Serializer):
    # ``url``: the public HTML page; ``api_url``: this resource in the API.
    # (A comment, not a docstring: drf-spectacular would use it as every subclass's description.)

    api_url_name: str | None = None  # the URL name of the resource's detail; set by each serializer
    api_lookup = "slug"

    url = serializers.SerializerMethodField(help_text="Page publique du catalogue (HTML).")
    api_url = serializers.SerializerMethodField(help_text="Cette ressource dans l'API.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return absolute(self.context.get("request"), obj.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj):
        path = reverse(self.api_url_name, args=[getattr(obj, self.api_lookup)])
        return absolute(self.context.get("request"), path)
