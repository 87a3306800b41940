"""Exports of the filtered project list: CSV, JSON and GeoJSON (issue "Research and open data").

One list of columns (``columns()``) says, for every field, its name, type and meaning and how to
read it from a project; the three formats write the very same rows (``rows()``), and the
open-data page (/donnees/) documents them from that list.

Streaming in constant memory: projects are read ``CHUNK_SIZE`` at a time
(``QuerySet.iterator()`` runs the prefetches once per chunk; PostgreSQL reads through a
server-side cursor), each chunk becomes text flushed every ``FLUSH_AT`` characters, and no
list of the whole selection is ever built. Queries: a few per chunk of 1,000 projects.
"""

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Prefetch
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .citations import LICENCE_NAME, LICENCE_URL, dataset_citation, project_citation
from .filters import describe_filters, filter_querystring
from .models import ActorRole, ProjectActor, ProjectSource, TenureCategory, TenureLine, TenureStatus

CHUNK_SIZE = 1000
FLUSH_AT = 64 * 1024
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


def _iso(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _column_suffix(code):
    return code.replace("-", "_")


BASE_COLUMNS = (
    Column("id", "integer", gettext_lazy("Identifiant stable du projet (ne change jamais)."), lambda f: f.project.pk),
    Column("slug", "code", gettext_lazy("Identifiant lisible, dernier segment de l'adresse de la fiche."), lambda f: f.project.slug),
    Column("name", "text", gettext_lazy("Nom du projet."), lambda f: f.project.name),
    Column("url", "url", gettext_lazy("Fiche publique du projet."), lambda f: f.url),
    Column("api_url", "url", gettext_lazy("Le projet dans l'API (fiche complète avec chaque fait et sa source)."), lambda f: f.api_url),
    Column("summary", "text", gettext_lazy("Résumé en une phrase."), lambda f: f.project.summary or None),
    Column("commune_insee", "code", gettext_lazy("Code INSEE de la commune ; vide si les sources ne la donnent pas."), lambda f: f.commune and f.commune.insee_code),
    Column("commune_name", "text", gettext_lazy("Nom officiel de la commune."), lambda f: f.commune and f.commune.name),
    Column("department_code", "code", gettext_lazy("Code INSEE du département (33, 2A, 974…)."), lambda f: f.department and f.department.code),
    Column("department_name", "text", gettext_lazy("Nom du département."), lambda f: f.department and f.department.name),
    Column("region_code", "code", gettext_lazy("Code INSEE de la région (découpage de 2016)."), lambda f: f.region and f.region.code),
    Column("region_name", "text", gettext_lazy("Nom de la région."), lambda f: f.region and f.region.name),
    Column("former_region", "text", gettext_lazy("Ancienne région (avant 2016) citée par la source."), lambda f: f.project.former_region.name if f.project.former_region_id else None),
    Column("location_as_written", "text", gettext_lazy("Localisation telle qu'écrite dans la source."), lambda f: f.project.location_as_written or None),
    Column("latitude", "number", gettext_lazy("Latitude du centre de la commune (pas de l'adresse), WGS 84."), lambda f: f.coordinate("latitude")),
    Column("longitude", "number", gettext_lazy("Longitude du centre de la commune (pas de l'adresse), WGS 84."), lambda f: f.coordinate("longitude")),
    Column("participatory_family", "code", gettext_lazy("Famille d'habitat participatif : autopromotion, housing_cooperative, social_housing."), lambda f: f.project.participatory_family),
    Column("intervention_modes", "codes", gettext_lazy("Modes d'intervention de l'organisme Hlm : partnership, solicitation, own-initiative."), lambda f: f.modes),
    Column("phase", "code", gettext_lazy("Phase actuelle (group_forming … managed) ; vide si inconnue."), lambda f: f.project.phase or None),
    Column("phase_as_of", "text", gettext_lazy("Date de la source qui donne la phase."), lambda f: f.project.phase_as_of or None),
    Column("delivery_year", "integer", gettext_lazy("Année de livraison (réelle ou prévue)."), lambda f: f.project.delivery_year),
    Column("delivery_text", "text", gettext_lazy("Livraison telle qu'écrite (« fin 2019 »)."), lambda f: f.project.delivery_text or None),
    Column("developers", "list", gettext_lazy("Maîtres d'ouvrage (noms)."), lambda f: [o.name for o in f.developers]),
    Column("developer_slugs", "codes", gettext_lazy("Maîtres d'ouvrage (valeurs du paramètre organisme)."), lambda f: [o.slug for o in f.developers]),
    Column("hlm_families", "codes", gettext_lazy("Familles Hlm des maîtres d'ouvrage : OPH, ESH, COOP, OTHER."), lambda f: f.hlm_families),
    Column("actors", "list", gettext_lazy("Tous les acteurs : « nom (rôle) », rôles en codes (developer, manager, amo…)."), lambda f: f.actors),
    Column("total_homes", "integer", gettext_lazy("Nombre total de logements de l'opération."), lambda f: f.project.total_homes),
    Column("participatory_homes", "integer", gettext_lazy("Logements en habitat participatif, quand la source les distingue."), lambda f: f.project.participatory_homes),
    Column("homes_described", "integer", gettext_lazy("Logements dont les sources donnent le statut ou la catégorie (somme des lignes)."), lambda f: f.described),
    Column("homes_unspecified", "integer", gettext_lazy("Logements dont les sources ne donnent pas le statut : total moins logements décrits ; vide si le total est inconnu."), lambda f: f.unspecified),
)

END_COLUMNS = (
    Column("sources", "list", gettext_lazy("Documents sources : « titre (page ou section) »."), lambda f: f.sources),
    Column("source_slugs", "codes", gettext_lazy("Documents sources (adresse /sources/<code>/)."), lambda f: f.source_slugs),
    Column("published_at", "datetime", gettext_lazy("Première publication de la fiche."), lambda f: _iso(f.project.published_at)),
    Column("last_updated", "datetime", gettext_lazy("Dernière modification de la fiche."), lambda f: _iso(f.project.updated_at)),
    Column("citation", "text", gettext_lazy("Comment citer la fiche (titre, éditeur, date, adresse, date de consultation)."), lambda f: f.citation),
)


def _status_column(status):
    return Column(
        f"homes_{_column_suffix(status.code)}",
        "integer",
        _("Logements %(short)s (%(name)s). 0 : aucun, la répartition étant complète ; vide : inconnu.")
        % {"short": status.short_name, "name": status.name},
        lambda f: f.status_homes(status),
    )


def _category_column(category):
    return Column(
        f"homes_category_{category.value}",
        "integer",
        _("Total de la catégorie « %(label)s » : ses statuts et les logements que la source classe seulement dans "
          "cette catégorie. 0 : aucun ; vide : inconnu.") % {"label": category.label},
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


@dataclass
class ExportContext:
    """What every row needs besides its project: the site's address, the statuses, today."""

    base_url: str
    statuses: list
    today: date
    columns: list = field(init=False)
    category_of_status: dict = field(init=False)

    def __post_init__(self):
        self.columns = columns(self.statuses)
        self.category_of_status = {status.pk: status.category for status in self.statuses}

    @classmethod
    def for_request(cls, request):
        return cls(
            base_url=request.build_absolute_uri("/").rstrip("/"),
            statuses=list(TenureStatus.objects.order_by("position", "short_name", "pk")),
            today=timezone.localdate(),
        )


class Facts:
    """What one row says about a project, read once from its prefetched relations."""

    def __init__(self, project, context):
        self.project = project
        self.commune = project.commune if project.commune_id else None
        self.department = self.commune.department if self.commune else None
        self.region = self.department.region if self.department else None
        self.url = context.base_url + project.get_absolute_url()
        self.api_url = context.base_url + reverse("api:project-detail", args=[project.slug])
        self.citation = project_citation(project, self.url, retrieved=context.today)

        by_status, by_category, category_only, described = {}, {}, set(), 0
        for line in project.tenure_lines.all():
            category = context.category_of_status.get(line.status_id) if line.status_id else line.category
            described += line.homes
            by_category[category] = by_category.get(category, 0) + line.homes
            if line.status_id:
                by_status[line.status_id] = line.homes
            else:
                category_only.add(category)
        self.by_status, self.by_category, self.category_only = by_status, by_category, category_only
        self.described = described
        total = project.total_homes
        self.unspecified = None if total is None else max(total - described, 0)
        self.complete = total is not None and described >= total

        actors = list(project.actors.all())
        self.developers = [actor.organism for actor in actors if actor.role == ActorRole.DEVELOPER]
        self.hlm_families = sorted({o.family for o in self.developers if o.family})
        self.actors = [f"{actor.organism.name} ({actor.role})" for actor in actors]
        self.modes = [mode.code for mode in project.intervention_modes.all()]
        citations = list(project.citations.all())
        self.sources = [
            f"{citation.source.title} ({citation.locator})" if citation.locator else citation.source.title
            for citation in citations
        ]
        self.source_slugs = list(dict.fromkeys(citation.source.slug for citation in citations))

    def coordinate(self, name):
        value = getattr(self.commune, name) if self.commune else None
        return None if value is None else round(value, 6)

    def status_homes(self, status):
        if status.pk in self.by_status:
            return self.by_status[status.pk]
        # Zero only when every home's status is known and none is left at category level in this status's category.
        return 0 if self.complete and status.category not in self.category_only else None

    def category_homes(self, category):
        if category in self.by_category:
            return self.by_category[category]
        return 0 if self.complete else None


def export_queryset(filterset):
    """The filtered published projects with what a row needs, in the filter's order."""
    return (
        filterset.qs.select_related("commune__department__region", "former_region")
        .defer("description", "notes", "how_to_get_involved", "neighbourhood_context", "search_document", "search_names")
        .prefetch_related(
            Prefetch("tenure_lines", queryset=TenureLine.objects.only("project_id", "status_id", "category", "homes")),
            Prefetch("actors", queryset=ProjectActor.objects.select_related("organism").order_by("role", "organism__name", "pk")),
            Prefetch("citations", queryset=ProjectSource.objects.select_related("source").order_by("source__title", "locator", "pk")),
            "intervention_modes",
        )
    )


def rows(queryset, context):
    """One dict per project, keys in column order, values as JSON types (lists, numbers, None)."""
    for project in queryset.iterator(chunk_size=CHUNK_SIZE):
        facts = Facts(project, context)
        yield {column.name: column.value(facts) for column in context.columns}


# --- Metadata --------------------------------------------------------------------------------


def metadata(request, filterset, context, generated_at):
    """Licence, citation, date, filters and column documentation (JSON and GeoJSON)."""
    querystring = filter_querystring(request.GET)
    description = "; ".join(f"{label} : {values}" for label, values in describe_filters(filterset))
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
        "filters_description": [{"filter": str(label), "values": values} for label, values in describe_filters(filterset)],
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


class _Buffer:
    """Collects written text until it is worth sending (``csv.writer`` writes into it)."""

    def __init__(self):
        self.parts, self.size = [], 0

    def write(self, text):
        self.parts.append(text)
        self.size += len(text)

    def drain(self):
        text = "".join(self.parts)
        self.parts, self.size = [], 0
        return text


def _csv_cell(value, decimal_comma):
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, float) and decimal_comma:
        return str(value).replace(".", ",")
    return value


def write_csv(row_iter, context, delimiter=",", bom=False):
    buffer = _Buffer()
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
    buffer = _Buffer()
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


def in_language(language, chunks):
    """Stream ``chunks`` with ``language`` active (the body is produced after the view returned)."""
    with translation.override(language):
        yield from chunks
