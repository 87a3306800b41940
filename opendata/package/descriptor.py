"""The Frictionless ``datapackage.json`` (Tabular Data Package) of the catalogue, and its codebook."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from projects.citations import LICENCE_NAME, LICENCE_URL

from .tables import Table

PACKAGE_NAME = "habitat-participatif-logement-social"


def field_descriptor(field: Any) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"name": field.name, "type": field.type, "description": field.description}
    descriptor["description_en"] = field.description_en  # the English codebook, beside the French one
    if field.format:
        descriptor["format"] = field.format
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
    if field.enum:
        constraints["enum"] = list(field.enum)
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def schema(table: Table) -> dict[str, Any]:
    return {
        "fields": [field_descriptor(field) for field in table.fields],
        "primaryKey": [table.primary_key],
        "missingValues": [""],
        "foreignKeys": [
            {"fields": [name], "reference": {"resource": resource, "fields": [referenced]}}
            for name, resource, referenced in table.foreign_keys
        ],
    }


def datapackage(
    tables: list[Table], path_of: Callable[[Table], str], base_url: str, version: str = "", homepage: str = ""
) -> dict[str, Any]:
    """The descriptor: one tabular resource per table at ``path_of(table)`` (a file name in a release,
    an address of the site for the live package)."""
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Habitat participatif et logement social : projets, faits, sources, organismes",
        "description": (
            "Le catalogue public des projets d'habitat participatif menés avec des organismes Hlm : projets publiés, "
            "chaque fait sourcé avec sa certitude, les documents sources et les organismes. Codebook en français "
            "(description) et en anglais (description_en)."
        ),
        "homepage": homepage or base_url,
        "created": timezone.now().isoformat(timespec="seconds"),
        "licenses": [{"name": "etalab-2.0", "path": LICENCE_URL, "title": LICENCE_NAME}],
        "contributors": [{"title": settings.SITE_NAME, "role": "publisher", "path": base_url}],
        "resources": [
            {
                "name": table.name,
                "path": path_of(table),
                "profile": "tabular-data-resource",
                "title": table.title,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema(table),
            }
            for table in tables
        ],
    }
    if version:
        descriptor["version"] = version
    return descriptor


CODEBOOK_HEADER = ["table", "column", "type", "required", "description_fr", "description_en"]


def codebook_rows(tables: list[Table]) -> list[list[str]]:
    return [
        [table.name, field.name, field.type, "yes" if field.required else "", field.description, field.description_en]
        for table in tables
        for field in table.fields
    ]
