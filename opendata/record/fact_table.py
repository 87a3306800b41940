"""The facts table: one row per sourced fact of a published project (tenure lines, actors, milestones,
surfaces, costs and prices, common spaces), each with its unit, bases, date, certainty and source.

One definition (``FACT_COLUMNS``) serves the CSV and JSON downloads (``/projets/faits.*``), the API
(``/api/v1/faits/``), the data package's Table Schema and the /donnees/ documentation. Rows are read
per chunk of projects, one query per kind of fact: memory stays flat whatever the selection's size.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.lookups import Ids
from projects.models import (
    ActorRole,
    Certainty,
    CommonSpace,
    CostFigure,
    Milestone,
    ProjectActor,
    Surface,
    SurfaceMeasure,
    TaxBasis,
    TenureCategory,
    TenureLine,
)

CHUNK_SIZE = 1000


class FactKind:
    TENURE_LINE = "tenure_line"
    ACTOR = "actor"
    MILESTONE = "milestone"
    SURFACE = "surface"
    COST = "cost"
    COMMON_SPACE = "common_space"


FACT_KINDS: dict[str, Promise] = {
    FactKind.TENURE_LINE: _("ligne de répartition par statut d'occupation (nombre de logements)"),
    FactKind.ACTOR: _("acteur du projet et son rôle"),
    FactKind.MILESTONE: _("étape du calendrier (année)"),
    FactKind.SURFACE: _("surface (m²)"),
    FactKind.COST: _("coût ou prix"),
    FactKind.COMMON_SPACE: _("espace partagé (surface en m² si connue)"),
}

UNITS: dict[str, Promise] = {
    "homes": _("logements"),
    "organism": _("organisme (la valeur est son nom)"),
    "year": _("année"),
    "m2": _("mètres carrés"),
    **{unit.value: unit.label for unit in CostFigure.Unit},
}


@dataclass(frozen=True)
class FactColumn:
    name: str
    type: str  # Table Schema type: integer, number, string, boolean, any
    description: Promise
    required: bool = False
    enum: tuple[str, ...] = ()


FACT_COLUMNS: tuple[FactColumn, ...] = (
    FactColumn(
        "fact_id",
        "string",
        _("Identifiant stable du fait : nature et numéro (« cost-12 »)."),
        required=True,
    ),
    FactColumn("project_id", "integer", _("Identifiant stable du projet (colonne id des projets)."), required=True),
    FactColumn("project_slug", "string", _("Identifiant lisible du projet."), required=True),
    FactColumn("kind", "string", _("Nature du fait."), required=True, enum=tuple(FACT_KINDS)),
    FactColumn(
        "subject",
        "string",
        _(
            "Ce que le fait mesure, en code : statut ou catégorie d'occupation, rôle, étape, mesure de surface, "
            "nature du coût ; le nom pour un espace partagé."
        ),
    ),
    FactColumn("subject_label", "string", _("Le même, en mots.")),
    FactColumn(
        "value",
        "any",
        _(
            "La valeur : nombre de logements, nom de l'organisme, année, surface ou montant (point décimal) ; "
            "vide si la source ne la donne pas."
        ),
    ),
    FactColumn("unit", "string", _("Unité de la valeur."), enum=tuple(UNITS)),
    FactColumn("approximate", "boolean", _("Vrai si la source écrit « environ » ou « près de ».")),
    FactColumn("value_as_written", "string", _("La valeur ou la date telle que la source l'écrit.")),
    FactColumn("detail", "string", _("Précision : périmètre d'une surface, note d'un coût, rôle d'un acteur.")),
    FactColumn("organism_slug", "string", _("Pour un acteur : l'identifiant de l'organisme.")),
    FactColumn(
        "surface_basis",
        "string",
        _("Surface de référence (SHAB, SU, SP) d'une surface ou d'un prix au m²."),
        enum=tuple(SurfaceMeasure.values),
    ),
    FactColumn(
        "tax_basis",
        "string",
        _("HT ou TTC pour un montant ; vide si la source ne le dit pas."),
        enum=tuple(TaxBasis.values),
    ),
    FactColumn(
        "as_of", "string", _("Date de l'information telle qu'écrite : celle de l'étape, sinon celle de la source.")
    ),
    FactColumn("as_of_year", "integer", _("L'année de cette date.")),
    FactColumn(
        "certainty",
        "string",
        _(
            "Certitude : as_written (tel qu'écrit dans la source), computed (calculé d'après la source), "
            "inferred (déduit : voir certainty_note), outside (connaissance extérieure : sa référence dans "
            "certainty_note)."
        ),
        required=True,
        enum=tuple(Certainty.values),
    ),
    FactColumn(
        "certainty_note", "string", _("Le raisonnement d'une déduction ou la référence d'une connaissance extérieure.")
    ),
    FactColumn("source_slug", "string", _("Le document source (/sources/<slug>/) ; vide si aucun.")),
    FactColumn("source_title", "string", _("Titre du document source.")),
    FactColumn("locator", "string", _("Page ou section du document.")),
)

FACT_COLUMN_NAMES = tuple(column.name for column in FACT_COLUMNS)

_SOURCE_FIELDS = ("source__slug", "source__title", "source__date_text", "source__year")


def _labels(choices: Any) -> dict[str, str]:
    """The choices' labels by code, translated once per chunk (not once per row: a lazy text's
    translation costs a third of the facts CSV's CPU)."""
    return {code: str(label) for code, label in choices.choices}


def _number(value: Decimal | int | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def _row(kind: str, values: dict[str, Any], slug: str, **fact: Any) -> dict[str, Any]:
    """A row in column order: what the kind says (``fact``), then the certainty and the source."""
    source_date = values.get("source__date_text") or ""
    row = {
        "fact_id": f"{kind.replace('_', '-')}-{values['pk']}",
        "project_id": values["project_id"],
        "project_slug": slug,
        "kind": kind,
        "subject": None,
        "subject_label": None,
        "value": None,
        "unit": None,
        "approximate": None,
        "value_as_written": None,
        "detail": None,
        "organism_slug": None,
        "surface_basis": None,
        "tax_basis": None,
        "as_of": source_date or None,
        "as_of_year": values.get("source__year"),
        "certainty": values["certainty"],
        "certainty_note": values["certainty_note"] or None,
        "source_slug": values.get("source__slug"),
        "source_title": values.get("source__title"),
        "locator": values.get("locator") or None,
    }
    row.update(fact)
    return row


def _tenure_rows(ids: Ids, slugs: dict[int, str]) -> Iterator[dict[str, Any]]:
    categories = _labels(TenureCategory)
    lines = TenureLine.objects.filter(project_id__any_of=ids).order_by(
        "project_id", "status__position", "category", "pk"
    )
    for v in lines.values(
        "pk", "project_id", "status__code", "status__short_name", "category", "homes", "label_as_written",
        "certainty", "certainty_note", "locator", *_SOURCE_FIELDS,
    ):  # fmt: skip
        code = v["status__code"] or v["category"]
        label = v["status__short_name"] or categories.get(v["category"], v["category"])
        yield _row(
            FactKind.TENURE_LINE, v, slugs[v["project_id"]], subject=code, subject_label=label, value=v["homes"],
            unit="homes", value_as_written=v["label_as_written"] or None,
        )  # fmt: skip


def _actor_rows(ids: Ids, slugs: dict[int, str]) -> Iterator[dict[str, Any]]:
    roles = _labels(ActorRole)
    actors = ProjectActor.objects.filter(project_id__any_of=ids).order_by("project_id", "role", "organism__name", "pk")
    for v in actors.values(
        "pk", "project_id", "role", "organism__name", "organism__slug", "description", "certainty",
        "certainty_note", *_SOURCE_FIELDS,
    ):  # fmt: skip
        yield _row(
            FactKind.ACTOR, v, slugs[v["project_id"]], subject=v["role"], subject_label=roles[v["role"]],
            value=v["organism__name"], unit="organism", detail=v["description"] or None,
            organism_slug=v["organism__slug"],
        )  # fmt: skip


def _milestone_rows(ids: Ids, slugs: dict[int, str]) -> Iterator[dict[str, Any]]:
    kinds = _labels(Milestone.Kind)
    milestones = Milestone.objects.filter(project_id__any_of=ids).order_by("project_id", "year", "month", "pk")
    for v in milestones.values(
        "pk", "project_id", "kind", "date_text", "year", "description", "certainty", "certainty_note", "locator",
        *_SOURCE_FIELDS,
    ):  # fmt: skip
        yield _row(
            FactKind.MILESTONE, v, slugs[v["project_id"]], subject=v["kind"], subject_label=kinds[v["kind"]],
            value=v["year"], unit="year", value_as_written=v["date_text"], detail=v["description"] or None,
            as_of=v["date_text"], as_of_year=v["year"],
        )  # fmt: skip


def _surface_rows(ids: Ids, slugs: dict[int, str]) -> Iterator[dict[str, Any]]:
    measures = _labels(SurfaceMeasure)
    surfaces = Surface.objects.filter(project_id__any_of=ids).order_by("project_id", "pk")
    for v in surfaces.values(
        "pk", "project_id", "measure", "area_m2", "scope", "certainty", "certainty_note", "locator", *_SOURCE_FIELDS
    ):
        yield _row(
            FactKind.SURFACE, v, slugs[v["project_id"]], subject=v["measure"],
            subject_label=measures.get(v["measure"], v["measure"]), value=_number(v["area_m2"]), unit="m2",
            detail=v["scope"] or None, surface_basis=v["measure"] or None,
        )  # fmt: skip


def _cost_rows(ids: Ids, slugs: dict[int, str]) -> Iterator[dict[str, Any]]:
    kinds = _labels(CostFigure.Kind)
    costs = CostFigure.objects.filter(project_id__any_of=ids).order_by("project_id", "pk")
    for v in costs.values(
        "pk", "project_id", "kind", "amount", "unit", "surface_basis", "tax_basis", "note", "certainty",
        "certainty_note", "locator", *_SOURCE_FIELDS,
    ):  # fmt: skip
        yield _row(
            FactKind.COST, v, slugs[v["project_id"]], subject=v["kind"], subject_label=kinds[v["kind"]],
            value=_number(v["amount"]), unit=v["unit"], detail=v["note"] or None,
            surface_basis=v["surface_basis"] or None, tax_basis=v["tax_basis"] or None,
        )  # fmt: skip


def _common_space_rows(ids: Ids, slugs: dict[int, str]) -> Iterator[dict[str, Any]]:
    spaces = CommonSpace.objects.filter(project_id__any_of=ids).order_by("project_id", "pk")
    for v in spaces.values(
        "pk", "project_id", "name", "area_m2", "area_is_approximate", "description", "certainty", "certainty_note",
        "locator", *_SOURCE_FIELDS,
    ):  # fmt: skip
        yield _row(
            FactKind.COMMON_SPACE, v, slugs[v["project_id"]], subject=FactKind.COMMON_SPACE, subject_label=v["name"],
            value=_number(v["area_m2"]), unit="m2" if v["area_m2"] is not None else None,
            approximate=v["area_is_approximate"], detail=v["description"] or None,
        )  # fmt: skip


_READERS = (_tenure_rows, _actor_rows, _milestone_rows, _surface_rows, _cost_rows, _common_space_rows)


def facts_of(projects: Iterable[tuple[int, str]]) -> list[dict[str, Any]]:
    """The facts of some projects (``(pk, slug)`` pairs): six queries, rows grouped by project in
    the given order, each project's facts in kind order."""
    slugs = dict(projects)
    ids = Ids(slugs)  # one value for the six queries (see common.lookups)
    by_project: dict[int, list[dict[str, Any]]] = {pk: [] for pk in slugs}
    for read in _READERS:
        for row in read(ids, slugs):
            by_project[row["project_id"]].append(row)
    return [row for pk in slugs for row in by_project[pk]]


def fact_rows(projects: QuerySet[Any], size: int = CHUNK_SIZE) -> Iterator[dict[str, Any]]:
    """Every fact of the (filtered, published) ``projects``, streamed ``size`` projects at a time."""
    pairs = projects.values_list("pk", "slug").iterator(chunk_size=size)
    while chunk := list(islice(pairs, size)):
        yield from facts_of(chunk)
