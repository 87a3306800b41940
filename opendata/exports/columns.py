"""The columns of the exports: for every field its name, type, meaning and how to read it from a
project (``Facts``); the three formats write these columns and /donnees/ documents them."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import TenureCategory


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
