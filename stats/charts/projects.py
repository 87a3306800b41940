"""Charts that count projects: by developer family, region, delivery year and intervention mode."""

from django.db.models import Count, F, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from organisms.models import HlmFamily, OrganismKind
from projects.models import ActorRole

from .base import UNKNOWN, Chart, Column, _projects

FAMILY_ORDER = [*HlmFamily.values, ""]
FAMILY_SHORT = {"OPH": "OPH", "ESH": "ESH", "COOP": _("Coop Hlm"), "OTHER": _("Autre organisme Hlm")}


def projects_by_developer_family(matching: QuerySet) -> Chart:
    rows = (
        _projects(matching)
        .annotate(developer=FilteredRelation("actors", condition=Q(actors__role=ActorRole.DEVELOPER)))
        .values(developer_kind=F("developer__organism__kind"), developer_family=F("developer__organism__family"))
        .annotate(projects=Count("pk", distinct=True))
        .order_by()
    )
    hlm: dict[str, int] = {}  # projects by Hlm family ("" when not given)
    others: dict[str, int] = {}  # projects by kind of other organism
    none = 0
    for row in rows:
        kind, family = row["developer_kind"], row["developer_family"] or ""
        if kind is None:
            none += row["projects"]
        elif kind == OrganismKind.HLM:
            hlm[family] = hlm.get(family, 0) + row["projects"]
        else:
            others[kind] = others.get(kind, 0) + row["projects"]
    table = []
    for family in FAMILY_ORDER:
        if family in hlm:
            table.append(
                {
                    "label": HlmFamily(family).label if family else _("Organisme Hlm, famille non précisée"),
                    "chart_label": FAMILY_SHORT[family] if family else _("Hlm, famille non précisée"),
                    "projects": hlm[family],
                    "category": "" if family else UNKNOWN,
                }
            )
    for kind in OrganismKind.values:
        if kind in others:
            label = OrganismKind(kind).label
            table.append({"label": label, "chart_label": label, "projects": others[kind], "category": ""})
    if none:
        label = _("Maître d'ouvrage non précisé")
        table.append({"label": label, "chart_label": label, "projects": none, "category": UNKNOWN})
    return Chart(
        slug="familles-organismes",
        title=_("Projets par famille de l'organisme maître d'ouvrage"),
        explanation=_(
            "Un projet compte une fois par famille présente parmi ses maîtres d'ouvrage (porté par un OPH et "
            "une ESH, il compte dans les deux) ; « famille non précisée » regroupe les organismes Hlm dont les "
            "sources ne donnent pas la famille."
        ),
        columns=[Column("label", _("Famille"), "label"), Column("projects", _("Projets"))],
        rows=table,
        value_key="projects",
        display_key="projects",
    )


def projects_by_region(matching: QuerySet) -> Chart:
    rows = (
        _projects(matching)
        .values(region_slug=F("commune__department__region__slug"), region_name=F("commune__department__region__name"))
        .annotate(projects=Count("pk"))
        .order_by("-projects", "region_name")
    )
    table, unknown = [], 0
    for row in rows:
        if row["region_slug"] is None:
            unknown += row["projects"]
            continue
        name = row["region_name"]
        table.append({"label": name, "chart_label": name, "projects": row["projects"], "category": ""})
    if unknown:
        label = _("Commune non précisée")
        table.append({"label": label, "chart_label": label, "projects": unknown, "category": UNKNOWN})
    return Chart(
        slug="regions",
        title=_("Projets par région"),
        explanation=_(
            "Chaque projet compte une fois, dans la région de sa commune ; les projets dont les sources ne "
            "donnent pas la commune sont comptés à part, sur la dernière ligne."
        ),
        columns=[Column("label", _("Région"), "label"), Column("projects", _("Projets"))],
        rows=table,
        value_key="projects",
        display_key="projects",
    )


MIN_EMPTY_RUN = 4  # this many empty years in a row or more share one histogram row


def year_rows(counts: dict[int, int]) -> list[dict]:
    """Histogram rows from {year: projects}: every year from the first to the last, with runs of
    ``MIN_EMPTY_RUN`` or more empty years grouped on one row ("1988–2012", 0)."""
    if not counts:
        return []
    rows, year, last = [], min(counts), max(counts)
    while year <= last:
        end = year
        while end + 1 <= last and not counts.get(year) and not counts.get(end + 1):
            end += 1
        if end - year + 1 >= MIN_EMPTY_RUN:
            label = f"{year}–{end}"
            rows.append({"label": label, "chart_label": label, "projects": 0, "category": "", "first_year": year})
            year = end + 1
            continue
        label = str(year)
        rows.append(
            {"label": label, "chart_label": label, "projects": counts.get(year, 0), "category": "", "first_year": year}
        )
        year += 1
    return rows


def projects_by_delivery_year(matching: QuerySet) -> Chart:
    rows = _projects(matching).values("delivery_year").annotate(projects=Count("pk")).order_by("delivery_year")
    counts = {row["delivery_year"]: row["projects"] for row in rows}
    unknown = counts.pop(None, 0)
    table = year_rows(counts)
    if unknown:
        label = _("Année non précisée")
        table.append({"label": label, "chart_label": label, "projects": unknown, "category": UNKNOWN})
    return Chart(
        slug="annees-livraison",
        title=_("Projets par année de livraison"),
        explanation=_(
            "Chaque projet compte une fois, dans l'année de livraison (réalisée ou prévue) que donnent les "
            "sources ; toutes les années entre la première et la dernière figurent (plusieurs années de suite "
            "sans projet partagent une ligne), et les projets sans année connue sont comptés à part, sur la "
            "dernière ligne."
        ),
        columns=[Column("label", _("Année"), "label"), Column("projects", _("Projets"))],
        rows=table,
        value_key="projects",
        display_key="projects",
    )


def projects_by_intervention_mode(matching: QuerySet) -> Chart:
    rows = (
        _projects(matching)
        .values(
            mode_code=F("intervention_modes__code"),
            mode_name=F("intervention_modes__name"),
            mode_position=F("intervention_modes__position"),
        )
        .annotate(projects=Count("pk", distinct=True))
        .order_by(F("mode_position").asc(nulls_last=True), "mode_name")
    )
    table, unknown = [], 0
    for row in rows:
        if row["mode_code"] is None:
            unknown += row["projects"]
            continue
        name = row["mode_name"]
        table.append({"label": name, "chart_label": name, "projects": row["projects"], "category": ""})
    if unknown:
        label = _("Mode non précisé")
        table.append({"label": label, "chart_label": label, "projects": unknown, "category": UNKNOWN})
    return Chart(
        slug="modes-intervention",
        title=_("Projets par mode d'intervention de l'organisme Hlm"),
        explanation=_(
            "Un projet compte une fois par mode d'intervention présent ; les projets dont les sources ne "
            "donnent pas le mode sont comptés à part, sur la dernière ligne."
        ),
        columns=[Column("label", _("Mode d'intervention"), "label"), Column("projects", _("Projets"))],
        rows=table,
        value_key="projects",
        display_key="projects",
    )
