"""Exports of the filtered project list: CSV, JSON and GeoJSON (issue "Research and open data").

One list of columns (``columns()``) says, for every field, its name, type and meaning and how to
read it from a project; the three formats write the very same rows (``rows()``), and the
open-data page (/donnees/) documents them from that list.

Streaming in constant memory: projects are read ``CHUNK_SIZE`` at a time as plain dicts
(``values().iterator()``; PostgreSQL reads through a server-side cursor), each chunk with its
related rows in four queries, the text flushed every ``FLUSH_AT`` characters; no list of the
whole selection is ever built. Queries: one, plus four per chunk of 1,000 projects.
"""

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.streaming import FLUSH_AT, TextBuffer, in_language  # noqa: F401 — in_language re-exported for projects.views_stats (shim)

from .citations import LICENCE_NAME, LICENCE_URL, citation_template, dataset_citation, day_text
from .filters import describe_filters, describe_filters_text, filter_querystring
from .models import ActorRole, Project, ProjectActor, ProjectSource, TenureCategory, TenureLine, TenureStatus
from .tabular import neutralise

CHUNK_SIZE = 1000
# A line that gives only "ownership, social or free" leaves both ownership categories uncertain.
COVERS = {
    TenureCategory.OWNERSHIP_UNSPECIFIED: (TenureCategory.SOCIAL_OWNERSHIP, TenureCategory.FREE_MARKET),
}
LIST_SEPARATOR = " | "

FORMATS = {
    "csv": {"content_type": "text/csv; charset=utf-8", "label": "CSV"},
    "json": {"content_type": "application/json", "label": "JSON"},
    "geojson": {"content_type": "application/geo+json", "label": "GeoJSON"},
}


# --- Columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer, number, text, code, codes, list, url, datetime
    description: str
    value: Callable = field(repr=False)  # Facts -> value


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


def _field(name, type_, description, path, blank_as_null=False):
    """A column that is a field of the project (or of its commune, département…): ``path`` in ``values()``."""
    if blank_as_null:
        return Column(name, type_, description, lambda f: f.p[path] or None)
    return Column(name, type_, description, lambda f: f.p[path])


BASE_COLUMNS = (
    _field("id", "integer", gettext_lazy("Identifiant stable du projet (ne change jamais)."), "pk"),
    _field("slug", "code", gettext_lazy("Identifiant lisible, dernier segment de l'adresse de la fiche."), "slug"),
    _field("name", "text", gettext_lazy("Nom du projet."), "name"),
    Column("url", "url", gettext_lazy("Fiche publique du projet."), lambda f: f.url),
    Column(
        "api_url",
        "url",
        gettext_lazy("Le projet dans l'API (fiche complète avec chaque fait et sa source)."),
        lambda f: f.api_url,
    ),
    _field("summary", "text", gettext_lazy("Résumé en une phrase."), "summary", blank_as_null=True),
    _field(
        "commune_insee",
        "code",
        gettext_lazy("Code INSEE de la commune ; vide si les sources ne la donnent pas."),
        "commune__insee_code",
    ),
    _field("commune_name", "text", gettext_lazy("Nom officiel de la commune."), "commune__name"),
    _field(
        "department_code",
        "code",
        gettext_lazy("Code INSEE du département (33, 2A, 974…)."),
        "commune__department__code",
    ),
    _field("department_name", "text", gettext_lazy("Nom du département."), "commune__department__name"),
    _field(
        "region_code",
        "code",
        gettext_lazy("Code INSEE de la région (découpage de 2016)."),
        "commune__department__region__code",
    ),
    _field("region_name", "text", gettext_lazy("Nom de la région."), "commune__department__region__name"),
    _field(
        "former_region",
        "text",
        gettext_lazy("Ancienne région (avant 2016) citée par la source."),
        "former_region__name",
    ),
    _field(
        "location_as_written",
        "text",
        gettext_lazy("Localisation telle qu'écrite dans la source."),
        "location_as_written",
        blank_as_null=True,
    ),
    Column(
        "latitude",
        "number",
        gettext_lazy("Latitude du centre de la commune (pas de l'adresse), WGS 84."),
        lambda f: f.coordinate("commune__latitude"),
    ),
    Column(
        "longitude",
        "number",
        gettext_lazy("Longitude du centre de la commune (pas de l'adresse), WGS 84."),
        lambda f: f.coordinate("commune__longitude"),
    ),
    _field(
        "participatory_family",
        "code",
        gettext_lazy("Famille d'habitat participatif : autopromotion, housing_cooperative, social_housing."),
        "participatory_family",
    ),
    Column(
        "intervention_modes",
        "codes",
        gettext_lazy("Modes d'intervention de l'organisme Hlm : partnership, solicitation, own-initiative."),
        lambda f: f.related["modes"],
    ),
    _field(
        "phase", "code", gettext_lazy("Phase actuelle (group_forming … managed) ; vide si inconnue."), "phase", True
    ),
    _field("phase_as_of", "text", gettext_lazy("Date de la source qui donne la phase."), "phase_as_of", True),
    _field("delivery_year", "integer", gettext_lazy("Année de livraison (réelle ou prévue)."), "delivery_year"),
    _field("delivery_text", "text", gettext_lazy("Livraison telle qu'écrite (« fin 2019 »)."), "delivery_text", True),
    Column("developers", "list", gettext_lazy("Maîtres d'ouvrage (noms)."), lambda f: f.related["developers"]),
    Column(
        "developer_slugs",
        "codes",
        gettext_lazy("Maîtres d'ouvrage (valeurs du paramètre organisme)."),
        lambda f: f.related["developer_slugs"],
    ),
    Column(
        "hlm_families",
        "codes",
        gettext_lazy("Familles Hlm des maîtres d'ouvrage : OPH, ESH, COOP, OTHER."),
        lambda f: sorted(set(f.related["families"])),
    ),
    Column(
        "actors",
        "list",
        gettext_lazy("Tous les acteurs : « nom (rôle) », rôles en codes (developer, manager, amo…)."),
        lambda f: f.related["actors"],
    ),
    _field("total_homes", "integer", gettext_lazy("Nombre total de logements de l'opération."), "total_homes"),
    _field(
        "participatory_homes",
        "integer",
        gettext_lazy("Logements en habitat participatif, quand la source les distingue."),
        "participatory_homes",
    ),
    Column(
        "homes_described",
        "integer",
        gettext_lazy("Logements dont les sources donnent le statut ou la catégorie (somme des lignes)."),
        lambda f: f.described,
    ),
    Column(
        "homes_unspecified",
        "integer",
        gettext_lazy(
            "Logements dont les sources ne donnent pas le statut : total moins logements décrits ; "
            "vide si le total est inconnu."
        ),
        lambda f: f.unspecified,
    ),
)

END_COLUMNS = (
    Column(
        "sources",
        "list",
        gettext_lazy("Documents sources : « titre (page ou section) »."),
        lambda f: f.related["sources"],
    ),
    Column(
        "source_slugs",
        "codes",
        gettext_lazy("Documents sources (adresse /sources/<code>/)."),
        lambda f: list(dict.fromkeys(f.related["source_slugs"])),
    ),
    Column(
        "published_at",
        "datetime",
        gettext_lazy("Première publication de la fiche."),
        lambda f: f.context.iso(f.p["published_at"]),
    ),
    Column(
        "last_updated",
        "datetime",
        gettext_lazy("Dernière modification de la fiche."),
        lambda f: f.context.iso(f.p["updated_at"]),
    ),
    Column(
        "citation",
        "text",
        gettext_lazy("Comment citer la fiche (titre, éditeur, date, adresse, date de consultation)."),
        lambda f: f.citation,
    ),
)

# What the rows read from each project (``values()``: no model instances, for speed).
PROJECT_FIELDS = (
    "pk",
    "slug",
    "name",
    "summary",
    "commune__insee_code",
    "commune__name",
    "commune__latitude",
    "commune__longitude",
    "commune__department__code",
    "commune__department__name",
    "commune__department__region__code",
    "commune__department__region__name",
    "former_region__name",
    "location_as_written",
    "participatory_family",
    "phase",
    "phase_as_of",
    "delivery_year",
    "delivery_text",
    "total_homes",
    "participatory_homes",
    "published_at",
    "updated_at",
)


def _status_column(status):
    return Column(
        f"homes_{_column_suffix(status.code)}",
        "integer",
        _(
            "Logements %(short)s (%(name)s). 0 : aucun, la répartition étant complète ; vide : inconnu (la source "
            "ne le dit pas ou ne donne que la catégorie)."
        )
        % {"short": status.short_name, "name": status.name},
        lambda f: f.status_homes(status),
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
        lambda f: f.category_homes(category.value),
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
    assert len(names) == len(set(names)), "two columns share a name"
    return result


# --- Rows ------------------------------------------------------------------------------------


class ExportContext:
    """What every row needs besides its project: addresses, statuses, today, cached date texts."""

    # Slugs are ASCII letters, digits, "-" and "_": a placeholder in a reversed URL can stand for them.
    SLUG = "slug-placeholder"

    def __init__(self, base_url, statuses, today):
        self.base_url = base_url
        self.statuses = statuses
        self.columns = columns(statuses)
        self.category_of_status = {status.pk: status.category for status in statuses}
        self.url_template = base_url + reverse("projects:detail", args=[self.SLUG])
        self.api_url_template = base_url + reverse("api:project-detail", args=[self.SLUG])
        self.citation_template = citation_template()
        self.retrieved = day_text(today)
        self.timezone = timezone.get_current_timezone()
        self._days = {}

    @classmethod
    def for_request(cls, request):
        return cls(
            base_url=request.build_absolute_uri("/").rstrip("/"),
            statuses=list(TenureStatus.objects.order_by("position", "short_name", "pk")),
            today=timezone.localdate(),
        )

    def url(self, slug, api=False):
        return (self.api_url_template if api else self.url_template).replace(self.SLUG, slug)

    def iso(self, value):
        return value.astimezone(self.timezone).isoformat(timespec="seconds") if value else None

    def day(self, value):
        """ "3 mars 2025" for a datetime, formatted once per day (formatting is slow)."""
        local = value.astimezone(self.timezone).date()
        if local not in self._days:
            self._days[local] = day_text(local)
        return self._days[local]


class Facts:
    """What one row says about a project: its fields (``p``) and its related rows (``related``)."""

    def __init__(self, project, related, context):
        self.p, self.related, self.context = project, related, context
        self.url = context.url(project["slug"])
        self.api_url = context.url(project["slug"], api=True)
        self.citation = self.context.citation_template % {
            "name": project["name"],
            "updated": context.day(project["updated_at"]),
            "url": self.url,
            "today": context.retrieved,
        }

        by_status, by_category, category_only, described = {}, {}, set(), 0
        for status_id, category, homes in related["tenure"]:
            if status_id:
                category = context.category_of_status.get(status_id)
                by_status[status_id] = homes
            else:
                category_only.add(category)
            described += homes
            by_category[category] = by_category.get(category, 0) + homes
        self.by_status, self.by_category = by_status, by_category
        # Categories whose zero cannot be asserted: a category-only line may hide any of its statuses
        # (and "ownership, social or free" any status of either ownership category).
        self.uncertain = set(category_only).union(*(COVERS.get(category, ()) for category in category_only))
        self.described = described
        total = project["total_homes"]
        self.unspecified = None if total is None else max(total - described, 0)
        self.complete = total is not None and described >= total

    def coordinate(self, path):
        value = self.p[path]
        return None if value is None else round(value, 6)

    def status_homes(self, status):
        if status.pk in self.by_status:
            return self.by_status[status.pk]
        # Zero only when every home is described and none may hide in a category-only line.
        return 0 if self.complete and status.category not in self.uncertain else None

    def category_homes(self, category):
        if category in self.by_category:
            return self.by_category[category]
        return 0 if self.complete and category not in self.uncertain else None


def export_queryset(filterset):
    """The filtered published projects, in the filter's order, as dicts of the fields rows use."""
    return filterset.qs.values(*PROJECT_FIELDS)


def _empty_related():
    return {
        "tenure": [],
        "modes": [],
        "developers": [],
        "developer_slugs": [],
        "families": [],
        "actors": [],
        "sources": [],
        "source_slugs": [],
    }


def related_rows(ids):
    """The tenure lines, modes, actors and sources of some projects: four queries, whatever their number."""
    related = {pk: _empty_related() for pk in ids}
    for project_id, status_id, category, homes in TenureLine.objects.filter(project_id__in=ids).values_list(
        "project_id", "status_id", "category", "homes"
    ):
        related[project_id]["tenure"].append((status_id, category, homes))
    modes = Project.intervention_modes.through.objects.filter(project_id__in=ids).order_by(
        "interventionmode__position", "interventionmode__code"
    )
    for project_id, code in modes.values_list("project_id", "interventionmode__code"):
        related[project_id]["modes"].append(code)
    actors = ProjectActor.objects.filter(project_id__in=ids).order_by("role", "organism__name", "pk")
    for project_id, role, name, slug, family in actors.values_list(
        "project_id", "role", "organism__name", "organism__slug", "organism__family"
    ):
        entry = related[project_id]
        entry["actors"].append(f"{name} ({role})")
        if role == ActorRole.DEVELOPER:
            entry["developers"].append(name)
            entry["developer_slugs"].append(slug)
            if family:
                entry["families"].append(family)
    citations = ProjectSource.objects.filter(project_id__in=ids).order_by("source__title", "locator", "pk")
    for project_id, title, slug, locator in citations.values_list(
        "project_id", "source__title", "source__slug", "locator"
    ):
        related[project_id]["sources"].append(f"{title} ({locator})" if locator else title)
        related[project_id]["source_slugs"].append(slug)
    return related


def rows(queryset, context, size=CHUNK_SIZE):
    """One dict per project, keys in column order, values as JSON types (lists, numbers, None).

    Projects are read ``size`` at a time (a server-side cursor on PostgreSQL), each chunk with
    its related rows; a chunk is released before the next is read.
    """
    projects = queryset.iterator(chunk_size=size)
    while True:
        chunk = list(islice(projects, size))
        if not chunk:
            return
        related = related_rows([project["pk"] for project in chunk])
        for project in chunk:
            facts = Facts(project, related[project["pk"]], context)
            yield {column.name: column.value(facts) for column in context.columns}
        del chunk, related


# --- Metadata --------------------------------------------------------------------------------


def metadata(request, filterset, context, generated_at):
    """Licence, citation, date, filters and column documentation (JSON and GeoJSON)."""
    querystring = filter_querystring(request.GET)
    described = describe_filters(filterset)
    description = describe_filters_text(described)
    export_url = request.build_absolute_uri()
    return {
        "title": _("Projets d'habitat participatif en logement social"),
        "description": description or _("Tous les projets publiés."),
        "publisher": settings.SITE_NAME,
        "source": context.base_url + reverse("projects:list") + (f"?{querystring}" if querystring else ""),
        "url": export_url,
        "documentation": context.base_url + reverse("open_data"),
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "how_to_cite": dataset_citation(export_url, generated_at, description),
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "filters": dict(QueryDict(querystring).lists()),
        "filters_description": [{"filter": str(label), "values": values} for label, values in described],
        "notes": _(
            "Seuls les projets publiés figurent. Chaque projet est placé au centre de sa commune, pas à son "
            "adresse. Un fait que les sources ne donnent pas vaut null."
        ),
        "columns": [
            {"name": column.name, "type": column.type, "description": str(column.description)}
            for column in context.columns
        ],
    }


# --- Writers ---------------------------------------------------------------------------------


def _csv_cell(value, decimal_comma):
    """Text that spreadsheet software shows and never runs as a formula (``neutralise``);
    numbers stay numbers (a negative longitude is not text)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralise(LIST_SEPARATOR.join(str(item) for item in value))
    if isinstance(value, float) and decimal_comma:
        return str(value).replace(".", ",")
    return neutralise(value)


def write_csv(row_iter, context, delimiter=",", bom=False):
    buffer = TextBuffer()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    decimal_comma = delimiter == ";"
    if bom:
        buffer.write("\ufeff")  # so that spreadsheet software reads UTF-8 accents right
    names = [column.name for column in context.columns]
    writer.writerow(names)
    for row in row_iter:
        writer.writerow([_csv_cell(row[name], decimal_comma) for name in names])
        if buffer.size >= FLUSH_AT:
            yield buffer.drain()
    yield buffer.drain()


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_json_document(head, items, key):
    """``{<head members>, "<key>": [items…], "count": n}``, streamed item by item."""
    buffer = TextBuffer()
    opening = json.dumps(head, ensure_ascii=False, indent=1)
    buffer.write(opening[:-1].rstrip() + f',\n "{key}": [')
    count = 0
    for item in items:
        buffer.write(("," if count else "") + "\n" + _dumps(item))
        count += 1
        if buffer.size >= FLUSH_AT:
            yield buffer.drain()
    buffer.write(f'\n],\n "count": {count}\n}}\n')
    yield buffer.drain()


def write_json(row_iter, meta):
    yield from _write_json_document({"metadata": meta}, row_iter, "projects")


def feature(row):
    """A GeoJSON feature: the row as properties, the commune centre as a [lon, lat] point (or null)."""
    located = row["longitude"] is not None and row["latitude"] is not None
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]} if located else None,
        "properties": row,
    }


def write_geojson(row_iter, meta):
    yield from _write_json_document(
        {"type": "FeatureCollection", "metadata": meta}, (feature(row) for row in row_iter), "features"
    )
