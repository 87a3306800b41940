"""The public record of a project: ONE list of its facts, from which both the exports (CSV, JSON,
GeoJSON columns, documented on /donnees/) and the API serializers (list and detail fields) take
their names. No DRF here: the API imports this module, never the other way round.

A fact may carry different names in the two outputs (``department_code``/``department_name`` in
the exports, ``departement`` in the API; ``last_updated`` vs ``updated_at``): both are kept so that
no output changes; the difference is now visible in one place. Help texts also differ today (the
API's live in its serializers, the exports' here): unifying them would change the schema and the
metadata, a later and announced change.

A fact present in one output only says why (``one_sided``).
"""

from collections.abc import Iterable

from .definitions import Export, Fact
from .facts import DETAIL_ONLY_IN_API, RECORD

__all__ = [
    "API_DETAIL_ORDER",
    "API_LIST_ORDER",
    "DETAIL_ONLY_IN_API",
    "FACTS",
    "RECORD",
    "TENURE_COLUMNS_AFTER",
    "Export",
    "Fact",
    "api_detail_fields",
    "api_list_fields",
    "exports_around_tenure_columns",
    "values_fields",
]

# The export columns of each tenure status and category (generated from the database) stand
# right after the columns of this fact.
TENURE_COLUMNS_AFTER = "tenure"

FACTS: dict[str, Fact] = {fact.key: fact for fact in RECORD}

# The API's field order (fact keys), as published since version 1: the list, then what the
# detail adds.
API_LIST_ORDER: tuple[str, ...] = tuple(
    [
        "id",
        "slug",
        "name",
        "url",
        "api_url",
        "summary",
        "commune",
        "department",
        "region",
        "former_region",
        "latitude",
        "longitude",
        "participatory_family",
        "intervention_modes",
        "phase",
        "delivery_year",
        "delivery_text",
        "total_homes",
        "participatory_homes",
        "tenure",
        "developers",
        "updated",
        "published",
        "opening",
    ]
)
API_DETAIL_ORDER: tuple[str, ...] = tuple(
    [
        "description",
        "location_as_written",
        "neighbourhood",
        "is_ecoquartier",
        "is_qpv",
        "phase_as_of",
        "website",
        "last_verified_on",
        "notes",
        "actors",
        "milestones",
        "surfaces",
        "cost_figures",
        "common_spaces",
        "quotes",
        "sources",
        "citation",
        "certainties",
        "visits",
    ]
)


def _api_names(keys: Iterable[str]) -> list[str]:
    names = []
    for key in keys:
        name = FACTS[key].api
        if name is None:
            raise ValueError(f"the fact {key!r} has no API name")
        names.append(name)
    return names


def api_list_fields() -> list[str]:
    """The fields of the API's project list, in order."""
    return _api_names(API_LIST_ORDER)


def api_detail_fields() -> list[str]:
    """The fields of the API's project detail, in order: the list's, then the detail's own."""
    return [*api_list_fields(), *_api_names(API_DETAIL_ORDER)]


def exports_around_tenure_columns() -> tuple[list[Export], list[Export]]:
    """The export columns before the tenure status and category columns (the totals included), and after."""
    cut = [fact.key for fact in RECORD].index(TENURE_COLUMNS_AFTER) + 1
    return [e for fact in RECORD[:cut] for e in fact.export], [e for fact in RECORD[cut:] for e in fact.export]


def values_fields() -> tuple[str, ...]:
    """The project fields the export rows read (``values()``), each once, in record order."""
    fields: dict[str, None] = {}
    for fact in RECORD:
        for export in fact.export:
            for path in (export.path, *export.reads):
                if path:
                    fields[path] = None
    return tuple(fields)
