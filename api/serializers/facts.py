"""The facts table in the API: the columns of ``opendata.record.fact_table``, one object per fact,
grouped by project (the page of projects chosen by the list's filters)."""

from typing import Any

from rest_framework import serializers

from opendata.record.fact_table import FACT_COLUMNS

_FIELD_TYPES: dict[str, Any] = {
    "string": lambda column: serializers.CharField(allow_null=not column.required, help_text=str(column.description)),
    "integer": lambda column: serializers.IntegerField(
        allow_null=not column.required, help_text=str(column.description)
    ),
    "boolean": lambda column: serializers.BooleanField(allow_null=True, help_text=str(column.description)),
    "any": lambda column: serializers.JSONField(allow_null=True, help_text=str(column.description)),
}


class FactSerializer(serializers.Serializer):
    """One fact; every column of the facts table (built from its one definition)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {column.name: _FIELD_TYPES[column.type](column) for column in FACT_COLUMNS}


class ProjectFactsSerializer(serializers.Serializer):
    project_id = serializers.IntegerField(help_text="Identifiant stable du projet.")
    project_slug = serializers.CharField(help_text="Identifiant lisible du projet.")
    facts = FactSerializer(many=True, help_text="Les faits sourcés du projet, avec leur certitude et leur source.")
