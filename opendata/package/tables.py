"""The tables of the data package (projects, facts, sources, organisms): their Table Schema fields
with French and English descriptions (the codebook), and their rows — the same data as the site."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organisms.models import Organism
from projects.models import Project, Source, TenureStatus

from ..exports import PROJECT_FIELDS, ExportContext, columns, rows
from ..record.fact_table import FACT_COLUMNS, fact_rows

# Export column types → Table Schema types (lists are written " | "-separated, as in the CSV export).
SCHEMA_TYPES = {
    "integer": ("integer", None),
    "number": ("number", None),
    "text": ("string", None),
    "code": ("string", None),
    "codes": ("string", None),
    "list": ("string", None),
    "url": ("string", "uri"),
    "datetime": ("datetime", None),
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    description_en: str
    format: str | None = None
    required: bool = False
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: list[Field]
    primary_key: str
    foreign_keys: list[tuple[str, str, str]]  # (field, referenced table, referenced field)
    rows: Callable[[], Iterator[dict[str, Any]]] = field(repr=False)


def _bilingual(describe: Callable[[], list[tuple[str, str, str, str | None, bool, tuple[str, ...]]]]) -> list[Field]:
    """Fields described in French and English: ``describe`` returns (name, type, description, format,
    required, enum) in the active language; it is called once per language."""
    with translation.override("fr"):
        french = describe()
    with translation.override("en"):
        english = describe()
    return [
        Field(name, type_, description, english_row[2], format_, required, enum)
        for (name, type_, description, format_, required, enum), english_row in zip(french, english, strict=True)
    ]


def _project_fields(statuses: list[TenureStatus]) -> Callable[[], list[Any]]:
    def describe() -> list[Any]:
        result = []
        for column in columns(statuses):
            type_, format_ = SCHEMA_TYPES[column.type]
            result.append((column.name, type_, str(column.description), format_, column.name == "id", ()))
        return result

    return describe


def _fact_fields() -> list[Any]:
    return [
        (column.name, column.type, str(column.description), None, column.required, column.enum)
        for column in FACT_COLUMNS
    ]


def _source_fields() -> list[Any]:
    return [
        ("slug", "string", _("Identifiant du document (dernier segment de sa page /sources/<slug>/)."), None, True, ()),
        ("title", "string", _("Titre du document."), None, True, ()),
        ("kind", "string", _("Type de document (code)."), None, True, tuple(Source.Kind.values)),
        ("publisher", "string", _("Éditeur ou auteur."), None, False, ()),
        ("date_text", "string", _("Date telle qu'écrite dans le document."), None, False, ()),
        ("year", "integer", _("Année du document."), None, False, ()),
        ("url", "string", _("Adresse web du document, s'il en a une."), "uri", False, ()),
        ("summary", "string", _("Ce que le document apporte au catalogue."), None, False, ()),
        ("page_url", "string", _("La page du document dans le catalogue."), "uri", True, ()),
    ]


def _organism_fields() -> list[Any]:
    return [
        ("slug", "string", _("Identifiant de l'organisme (dernier segment de sa page)."), None, True, ()),
        ("name", "string", _("Nom de l'organisme."), None, True, ()),
        ("short_name", "string", _("Sigle."), None, False, ()),
        ("kind", "string", _("Type d'acteur (code) : organisme Hlm, collectivité, AMO…"), None, True, ()),
        (
            "family",
            "string",
            _("Famille Hlm (OPH, ESH, Coop Hlm) pour un organisme Hlm ; vide sinon."),
            None,
            False,
            (),
        ),
        ("website", "string", _("Site web."), "uri", False, ()),
        ("head_office_insee", "string", _("Code INSEE de la commune du siège, si connu."), None, False, ()),
        ("page_url", "string", _("La page de l'organisme dans le catalogue."), "uri", True, ()),
    ]


def tables(base_url: str) -> list[Table]:
    """The four tables, their rows read from the database when iterated (published projects only)."""
    statuses = list(TenureStatus.objects.order_by("position", "short_name", "pk"))
    published = Project.objects.published()

    def project_rows() -> Iterator[dict[str, Any]]:
        context = ExportContext(base_url=base_url, statuses=statuses, today=timezone.localdate())
        yield from rows(published.with_opening().order_by("pk").values(*PROJECT_FIELDS), context)

    def source_rows() -> Iterator[dict[str, Any]]:
        template = base_url + reverse("sources:detail", args=["slug-placeholder"])
        for source in Source.objects.order_by("slug").values(
            "slug", "title", "kind", "publisher", "date_text", "year", "url", "summary"
        ):
            yield {
                **{key: value or None for key, value in source.items() if key != "year"},
                "year": source["year"],
                "page_url": template.replace("slug-placeholder", source["slug"]),
            }

    def organism_rows() -> Iterator[dict[str, Any]]:
        template = base_url + reverse("organisms:detail", args=["slug-placeholder"])
        involved = Organism.objects.filter(roles__project__in=published).distinct().order_by("slug")
        for organism in involved.values(
            "slug", "name", "short_name", "kind", "family", "website", "head_office__insee_code"
        ):
            yield {
                "slug": organism["slug"],
                "name": organism["name"],
                "short_name": organism["short_name"] or None,
                "kind": organism["kind"],
                "family": organism["family"] or None,
                "website": organism["website"] or None,
                "head_office_insee": organism["head_office__insee_code"],
                "page_url": template.replace("slug-placeholder", organism["slug"]),
            }

    with translation.override("fr"):
        return [
            Table(
                "projects",
                _("Projets"),
                _("Une ligne par projet publié : les colonnes de l'export /projets/export.csv."),
                _bilingual(_project_fields(statuses)),
                "id",
                [],
                project_rows,
            ),
            Table(
                "facts",
                _("Faits"),
                _("Une ligne par fait sourcé d'un projet publié, avec sa certitude et sa source."),
                _bilingual(_fact_fields),
                "fact_id",
                [
                    ("project_id", "projects", "id"),
                    ("source_slug", "sources", "slug"),
                    ("organism_slug", "organisms", "slug"),
                ],
                lambda: fact_rows(published.order_by("pk")),
            ),
            Table(
                "sources",
                _("Sources"),
                _("Les documents d'où viennent les faits."),
                _bilingual(_source_fields),
                "slug",
                [],
                source_rows,
            ),
            Table(
                "organisms",
                _("Organismes"),
                _("Les organisations qui ont un rôle dans un projet publié."),
                _bilingual(_organism_fields),
                "slug",
                [],
                organism_rows,
            ),
        ]
