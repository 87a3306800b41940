"""The columns of the exports: for every field its name, type, meaning and how to read it from a
project (``Facts``); the three formats write these columns and /donnees/ documents them. The
columns are those of the public record (opendata.record), plus one per tenure status and category."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import TenureCategory

from .. import record
from ..record import Export


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer, number, text, code, codes, list, url, datetime
    description: Promise | str
    value: Callable = field(repr=False)  # Facts -> value
    path: str | None = None  # the project field the value is (``values()``), when it is one: read directly by csv_plan


TYPES = {
    "integer": gettext_lazy("nombre entier ; vide si inconnu"),
    "number": gettext_lazy("nombre décimal (point décimal ; virgule avec separateur=point-virgule)"),
    "text": gettext_lazy("texte"),
    "code": gettext_lazy("code stable (voir la documentation de l'API)"),
    "codes": gettext_lazy("liste de codes (séparés par « | » en CSV)"),
    "list": gettext_lazy("liste (séparée par « | » en CSV)"),
    "url": gettext_lazy("adresse web"),
    "datetime": gettext_lazy("date et heure ISO 8601"),
}


def _column_suffix(code):
    return code.replace("-", "_")


def _column(export: Export) -> Column:
    """The column of an export of the public record: a field of the project (or of its commune,
    département…: ``path`` in ``values()``), or computed from the row's ``Facts``."""
    if export.compute is not None:
        return Column(export.name, export.type, export.description, export.compute)
    path = export.path
    if export.blank_as_null:
        return Column(export.name, export.type, export.description, lambda f: f.p[path] or None, path)
    return Column(export.name, export.type, export.description, lambda f: f.p[path], path)


_BEFORE, _AFTER = record.exports_around_tenure_columns()
BASE_COLUMNS = tuple(_column(export) for export in _BEFORE)
END_COLUMNS = tuple(_column(export) for export in _AFTER)

# What the rows read from each project (``values()``: no model instances, for speed).
PROJECT_FIELDS = record.values_fields()


def _status_column(status):
    return Column(
        f"homes_{_column_suffix(status.code)}",
        "integer",
        _(
            "Logements %(short)s (%(name)s). 0 : aucun, la répartition étant complète ; vide : inconnu (la source "
            "ne le dit pas ou ne donne que la catégorie)."
        )
        % {"short": status.short_name, "name": status.name},
        lambda f, pk=status.pk, category=status.category: f.homes_of_status(pk, category),
    )


def _category_column(category):
    return Column(
        f"homes_category_{category.value}",
        "integer",
        _(
            "Logements de la catégorie « %(label)s » : ceux de ses statuts et ceux que la source classe seulement "
            "dans cette catégorie. 0 : aucun ; vide : inconnu."
        )
        % {"label": category.label},
        lambda f, code=category.value: f.category_homes(code),
    )


def columns(statuses):
    """Every column, in order: one per tenure status (every status in the database, by code) and
    one per category come after the totals."""
    result = [
        *BASE_COLUMNS,
        *(_status_column(status) for status in statuses),
        *(_category_column(category) for category in TenureCategory),
        *END_COLUMNS,
    ]
    names = [column.name for column in result]
    if len(names) != len(set(names)):
        raise ValueError("two columns share a name")
    return result
