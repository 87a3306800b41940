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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

# The export columns of each tenure status and category (generated from the database) stand
# right after the columns of this fact.
TENURE_COLUMNS_AFTER = "tenure"


@dataclass(frozen=True)
class Export:
    """One export column of a fact.

    ``path``: the project field read in ``values()`` (the value is that field, ``None`` for a blank
    text when ``blank_as_null``); or ``compute``: a function of the row's ``Facts``, with ``reads``
    naming the project fields it needs.
    """

    name: str
    type: str  # integer, number, text, code, codes, list, url, datetime
    description: Promise | str
    path: str | None = None
    blank_as_null: bool = False
    compute: Callable[[Any], Any] | None = field(default=None, repr=False)
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A fact of the public record: its export columns and its API field name (None: not there)."""

    key: str
    export: tuple[Export, ...] = ()
    api: str | None = None
    detail_only: bool = False  # in the API's project detail only (not in its list)
    one_sided: str = ""  # why the fact is in one output only


def _same(key: str, type_: str, description: Promise, path: str | None = None, **options: Any) -> Fact:
    """A fact with one export column and one API field, both named ``key``."""
    return Fact(key, export=(Export(key, type_, description, path or key, **options),), api=key)


DETAIL_ONLY_IN_API = "Fait détaillé avec ses sources : l'API seule le publie (trop riche pour une ligne d'export)."

RECORD: tuple[Fact, ...] = (
    _same("id", "integer", gettext_lazy("Identifiant stable du projet (ne change jamais)."), "pk"),
    _same("slug", "code", gettext_lazy("Identifiant lisible, dernier segment de l'adresse de la fiche.")),
    _same("name", "text", gettext_lazy("Nom du projet.")),
    Fact(
        "url",
        export=(Export("url", "url", gettext_lazy("Fiche publique du projet."), compute=lambda f: f.url),),
        api="url",
    ),
    Fact(
        "api_url",
        export=(
            Export(
                "api_url",
                "url",
                gettext_lazy("Le projet dans l'API (fiche complète avec chaque fait et sa source)."),
                compute=lambda f: f.api_url,
            ),
        ),
        api="api_url",
    ),
    _same("summary", "text", gettext_lazy("Résumé en une phrase."), blank_as_null=True),
    Fact(
        "commune",
        export=(
            Export(
                "commune_insee",
                "code",
                gettext_lazy("Code INSEE de la commune ; vide si les sources ne la donnent pas."),
                "commune__insee_code",
            ),
            Export("commune_name", "text", gettext_lazy("Nom officiel de la commune."), "commune__name"),
        ),
        api="commune",
    ),
    Fact(
        "department",
        export=(
            Export(
                "department_code",
                "code",
                gettext_lazy("Code INSEE du département (33, 2A, 974…)."),
                "commune__department__code",
            ),
            Export("department_name", "text", gettext_lazy("Nom du département."), "commune__department__name"),
        ),
        api="departement",
    ),
    Fact(
        "region",
        export=(
            Export(
                "region_code",
                "code",
                gettext_lazy("Code INSEE de la région (découpage de 2016)."),
                "commune__department__region__code",
            ),
            Export("region_name", "text", gettext_lazy("Nom de la région."), "commune__department__region__name"),
        ),
        api="region",
    ),
    _same(
        "former_region",
        "text",
        gettext_lazy("Ancienne région (avant 2016) citée par la source."),
        "former_region__name",
    ),
    Fact(
        "location_as_written",
        export=(
            Export(
                "location_as_written",
                "text",
                gettext_lazy("Localisation telle qu'écrite dans la source."),
                "location_as_written",
                blank_as_null=True,
            ),
        ),
        api="location_as_written",
        detail_only=True,
    ),
    Fact(
        "latitude",
        export=(
            Export(
                "latitude",
                "number",
                gettext_lazy("Latitude du centre de la commune (pas de l'adresse), WGS 84."),
                compute=lambda f: f.coordinate("commune__latitude"),
                reads=("commune__latitude",),
            ),
        ),
        api="latitude",
    ),
    Fact(
        "longitude",
        export=(
            Export(
                "longitude",
                "number",
                gettext_lazy("Longitude du centre de la commune (pas de l'adresse), WGS 84."),
                compute=lambda f: f.coordinate("commune__longitude"),
                reads=("commune__longitude",),
            ),
        ),
        api="longitude",
    ),
    _same(
        "participatory_family",
        "code",
        gettext_lazy("Famille d'habitat participatif : autopromotion, housing_cooperative, social_housing."),
    ),
    Fact(
        "intervention_modes",
        export=(
            Export(
                "intervention_modes",
                "codes",
                gettext_lazy("Modes d'intervention de l'organisme Hlm : partnership, solicitation, own-initiative."),
                compute=lambda f: f.related["modes"],
            ),
        ),
        api="intervention_modes",
    ),
    _same(
        "phase",
        "code",
        gettext_lazy("Phase actuelle (group_forming … managed) ; vide si inconnue."),
        blank_as_null=True,
    ),
    Fact(
        "phase_as_of",
        export=(
            Export(
                "phase_as_of",
                "text",
                gettext_lazy("Date de la source qui donne la phase."),
                "phase_as_of",
                blank_as_null=True,
            ),
        ),
        api="phase_as_of",
        detail_only=True,
    ),
    _same("delivery_year", "integer", gettext_lazy("Année de livraison (réelle ou prévue).")),
    _same("delivery_text", "text", gettext_lazy("Livraison telle qu'écrite (« fin 2019 »)."), blank_as_null=True),
    Fact(
        "developers",
        export=(
            Export(
                "developers",
                "list",
                gettext_lazy("Maîtres d'ouvrage (noms)."),
                compute=lambda f: f.related["developers"],
            ),
            Export(
                "developer_slugs",
                "codes",
                gettext_lazy("Maîtres d'ouvrage (valeurs du paramètre organisme)."),
                compute=lambda f: f.related["developer_slugs"],
            ),
            Export(
                "hlm_families",
                "codes",
                gettext_lazy("Familles Hlm des maîtres d'ouvrage : OPH, ESH, COOP, OTHER."),
                compute=lambda f: sorted(set(f.related["families"])),
            ),
        ),
        api="developers",
    ),
    Fact(
        "actors",
        export=(
            Export(
                "actors",
                "list",
                gettext_lazy("Tous les acteurs : « nom (rôle) », rôles en codes (developer, manager, amo…)."),
                compute=lambda f: f.related["actors"],
            ),
        ),
        api="actors",
        detail_only=True,
    ),
    _same("total_homes", "integer", gettext_lazy("Nombre total de logements de l'opération.")),
    _same(
        "participatory_homes",
        "integer",
        gettext_lazy("Logements en habitat participatif, quand la source les distingue."),
    ),
    Fact(
        "tenure",
        export=(
            Export(
                "homes_described",
                "integer",
                gettext_lazy("Logements dont les sources donnent le statut ou la catégorie (somme des lignes)."),
                compute=lambda f: f.described,
            ),
            Export(
                "homes_unspecified",
                "integer",
                gettext_lazy(
                    "Logements dont les sources ne donnent pas le statut : total moins logements décrits ; "
                    "vide si le total est inconnu."
                ),
                compute=lambda f: f.unspecified,
            ),
            # + one column per tenure status and per category (TENURE_COLUMNS_AFTER)
        ),
        api="tenure_lines",
    ),
    Fact(
        "sources",
        export=(
            Export(
                "sources",
                "list",
                gettext_lazy("Documents sources : « titre (page ou section) »."),
                compute=lambda f: f.related["sources"],
            ),
            Export(
                "source_slugs",
                "codes",
                gettext_lazy("Documents sources (adresse /sources/<code>/)."),
                compute=lambda f: list(dict.fromkeys(f.related["source_slugs"])),
            ),
        ),
        api="citations",
        detail_only=True,
    ),
    Fact(
        "published",
        export=(
            Export(
                "published_at",
                "datetime",
                gettext_lazy("Première publication de la fiche."),
                compute=lambda f: f.context.iso(f.p["published_at"]),
                reads=("published_at",),
            ),
        ),
        api="published_at",
    ),
    Fact(
        "updated",
        export=(
            Export(
                "last_updated",
                "datetime",
                gettext_lazy("Dernière modification de la fiche."),
                compute=lambda f: f.context.iso(f.p["updated_at"]),
                reads=("updated_at",),
            ),
        ),
        api="updated_at",
    ),
    Fact(
        "citation",
        export=(
            Export(
                "citation",
                "text",
                gettext_lazy("Comment citer la fiche (titre, éditeur, date, adresse, date de consultation)."),
                compute=lambda f: f.citation,
                reads=("name", "updated_at"),
            ),
        ),
        api="citation",
        detail_only=True,
    ),
    # In the API's detail only: facts with their sources, too rich for one row of an export.
    *(
        Fact(name, api=name, detail_only=True, one_sided=DETAIL_ONLY_IN_API)
        for name in ["description", "neighbourhood", "is_ecoquartier", "is_qpv", "website", "last_verified_on", "notes", "milestones", "surfaces", "cost_figures", "common_spaces", "quotes"]
    ),
)

FACTS: dict[str, Fact] = {fact.key: fact for fact in RECORD}

# The API's field order (fact keys), as published since version 1: the list, then what the
# detail adds.
API_LIST_ORDER: tuple[str, ...] = tuple(
    ["id", "slug", "name", "url", "api_url", "summary", "commune", "department", "region", "former_region", "latitude", "longitude", "participatory_family", "intervention_modes", "phase", "delivery_year", "delivery_text", "total_homes", "participatory_homes", "tenure", "developers", "updated", "published"]
)
API_DETAIL_ORDER: tuple[str, ...] = tuple(
    ["description", "location_as_written", "neighbourhood", "is_ecoquartier", "is_qpv", "phase_as_of", "website", "last_verified_on", "notes", "actors", "milestones", "surfaces", "cost_figures", "common_spaces", "quotes", "sources", "citation"]
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
