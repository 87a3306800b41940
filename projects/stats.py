"""Statistics over the filtered catalogue, and the tenure mix of projects side by side
(issue "Research and open data", items 3 and 4).

Every statistic is computed by the database: one ``values().annotate()`` query per
chart over the projects that match the list's filters (``ProjectFilter``), so a page
costs the same number of queries whatever the size of the catalogue. Python only
labels, orders and lays out the few aggregated rows that come back.

A chart is a ``Chart``: a title, one sentence saying what is counted, table columns
and rows. The same object feeds the SVG bar chart, its data table and its CSV
download, so the three always agree.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from common.charts import apportion, bar_layout, wrap_label
from organisms.models import HlmFamily, OrganismKind

from .models import ActorRole, Project, TenureCategory, TenureLine
from .tabular import neutralise

CATEGORY_ORDER = tuple(TenureCategory.values)
SOCIAL_RENTAL = TenureCategory.SOCIAL_RENTAL
UNKNOWN = "unknown"

# --- Charts ---------------------------------------------------------------------------------


@dataclass
class Column:
    key: str
    label: str
    kind: str = "int"  # "label" (the row header), "text", "int" or "share" (a Decimal percentage)

    @property
    def numeric(self):
        return self.kind in ("int", "share")


@dataclass
class Chart:
    slug: str
    title: str
    explanation: str
    columns: list
    rows: list
    value_key: str  # the integer column the bars measure
    display_key: str  # what is written at the end of each bar
    max_value: int | None = None
    value_suffix: str = ""
    figcaption: str = ""
    swatches: bool = True  # the table's row headers repeat the bar's category marker
    per_project_csv: bool = False  # the page shows a distribution; a streamed CSV has each project's value
    layout: dict = field(default_factory=dict)

    def __post_init__(self):
        for row in self.rows:
            row["cells"] = [{"value": row.get(column.key), "column": column} for column in self.columns]
            row["display"] = row[self.display_key]
        if self.rows:
            self.layout = bar_layout(self.rows, self.value_key, self.max_value)

    @property
    def header(self):
        return [str(column.label) for column in self.columns]

    def csv_rows(self):
        """The table, cell for cell: numbers unformatted, shares with a decimal point."""
        for row in self.rows:
            yield [_csv_value(cell["value"]) for cell in row["cells"]]


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (int, float)):
        return str(value)
    return neutralise(str(value))  # a label: never run as a spreadsheet formula


def percent(part, whole, places=1):
    """A rounded percentage as a Decimal (``None`` when the whole is unknown or zero)."""
    if not whole:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(quantum)


def matching_projects(filterset):
    """The primary keys of the filtered projects, as a subquery for the aggregates."""
    return filterset.qs.order_by().values("pk")


def _projects(matching):
    return Project.objects.filter(pk__in=matching)


def overview(matching):
    """Key figures: projects, homes (where known) and homes described by tenure lines. Two queries."""
    figures = _projects(matching).aggregate(
        projects=Count("pk"),
        with_total=Count("total_homes"),
        homes=Sum("total_homes", default=0),
        participatory=Sum("participatory_homes", default=0),
        with_participatory=Count("participatory_homes"),
    )
    figures.update(
        TenureLine.objects.filter(project__in=matching).aggregate(
            described_homes=Sum("homes", default=0), described_projects=Count("project", distinct=True)
        )
    )
    return figures


def homes_by_status(matching):
    rows = (
        TenureLine.objects.filter(project__in=matching)
        .values(
            "status__code", "status__short_name", "status__name", "status__category", "status__position", "category"
        )
        .annotate(homes=Sum("homes"), projects=Count("project", distinct=True))
        .order_by()
    )
    # Statuses in their reference order, then the category-only lines in the category order.
    rows = sorted(
        rows,
        key=lambda row: (
            row["status__code"] is None,
            row["status__position"] or 0,
            row["status__short_name"] or "",
            CATEGORY_ORDER.index(row["category"]) if row["category"] else 0,
        ),
    )
    table = []
    for row in rows:
        if row["status__code"]:
            category = row["status__category"]
            table.append(
                {
                    "label": row["status__short_name"],
                    "name": row["status__name"],
                    "chart_label": row["status__short_name"],
                    "category": category,
                    "category_label": TenureCategory(category).label,
                    "homes": row["homes"],
                    "projects": row["projects"],
                }
            )
        else:
            category = row["category"]
            category_label = TenureCategory(category).label
            table.append(
                {
                    "label": _("Statut non précisé"),
                    "name": "",
                    "chart_label": _("%(category)s, statut non précisé") % {"category": category_label},
                    "category": category,
                    "category_label": category_label,
                    "homes": row["homes"],
                    "projects": row["projects"],
                }
            )
    return Chart(
        slug="statuts",
        title=_("Logements par statut d'occupation"),
        explanation=_(
            "Chaque logement compte une fois, dans le statut d'occupation que donnent les sources "
            "(ou dans sa seule catégorie quand elles ne précisent pas le statut) ; la colonne « Projets » "
            "compte un projet une fois par statut présent."
        ),
        columns=[
            Column("label", _("Statut"), "label"),
            Column("name", _("Nom complet"), "text"),
            Column("category_label", _("Catégorie"), "text"),
            Column("homes", _("Logements")),
            Column("projects", _("Projets")),
        ],
        rows=table,
        value_key="homes",
        display_key="homes",
        figcaption=_(
            "Longueur des barres : nombre de logements ; couleur : catégorie du statut, écrite aussi dans le tableau."
        ),
    )


def homes_by_category(matching):
    rows = (
        TenureLine.objects.filter(project__in=matching)
        .annotate(effective_category=Coalesce(F("status__category"), NullIf(F("category"), Value(""))))
        .values("effective_category")
        .annotate(homes=Sum("homes"), projects=Count("project", distinct=True))
        .order_by()
    )
    found = {row["effective_category"]: row for row in rows}
    described = sum(row["homes"] for row in found.values())
    table = []
    for code in CATEGORY_ORDER:
        row = found.get(code, {"homes": 0, "projects": 0})
        table.append(
            {
                "label": TenureCategory(code).label,
                "chart_label": TenureCategory(code).label,
                "category": code,
                "homes": row["homes"],
                "share": percent(row["homes"], described),
                "projects": row["projects"],
            }
        )
    return Chart(
        slug="categories",
        title=_("Logements par catégorie de statut d'occupation"),
        explanation=_(
            "Chaque logement compte une fois dans sa catégorie, y compris quand la source ne donne que la "
            "catégorie ; la part est celle des logements dont le statut est connu, et un projet compte une "
            "fois par catégorie présente."
        ),
        columns=[
            Column("label", _("Catégorie"), "label"),
            Column("homes", _("Logements")),
            Column("share", _("Part des logements au statut connu (%)"), "share"),
            Column("projects", _("Projets")),
        ],
        rows=table,
        value_key="homes",
        display_key="homes",
        figcaption=_("Longueur des barres : nombre de logements ; couleur : catégorie."),
    )


FAMILY_ORDER = [*HlmFamily.values, ""]
FAMILY_SHORT = {"OPH": "OPH", "ESH": "ESH", "COOP": _("Coop Hlm"), "OTHER": _("Autre organisme Hlm")}


def projects_by_developer_family(matching):
    rows = (
        _projects(matching)
        .annotate(developer=FilteredRelation("actors", condition=Q(actors__role=ActorRole.DEVELOPER)))
        .values(developer_kind=F("developer__organism__kind"), developer_family=F("developer__organism__family"))
        .annotate(projects=Count("pk", distinct=True))
        .order_by()
    )
    hlm, others, none = {}, {}, 0
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


def projects_by_region(matching):
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


def year_rows(counts):
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


def projects_by_delivery_year(matching):
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


def projects_by_intervention_mode(matching):
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


SHARE_BUCKETS = 10  # histogram bins of 10 points, plus one for projects entirely in social rental


def _social_rental_shares(matching):
    """Projects whose total and at least one tenure line are known, with their social rental share
    in tenths of a percent (``share_permille``), rounded half up in integer arithmetic (the same on
    every database). The sums are subqueries, so the share can itself be grouped on."""
    is_social_rental = Q(status__category=SOCIAL_RENTAL) | Q(category=SOCIAL_RENTAL)
    lines = TenureLine.objects.filter(project=OuterRef("pk")).order_by().values("project")
    social = lines.filter(is_social_rental).annotate(total=Sum("homes")).values("total")
    described = lines.annotate(total=Sum("homes")).values("total")
    return (
        _projects(matching)
        .filter(total_homes__gt=0, tenure_lines__isnull=False)
        .distinct()
        .annotate(
            social_homes=Coalesce(Subquery(social, output_field=IntegerField()), 0),
            described_homes=Coalesce(Subquery(described, output_field=IntegerField()), 0),
        )
        .annotate(
            share_permille=ExpressionWrapper(
                (F("social_homes") * 1000 + F("total_homes") / 2) / F("total_homes"), output_field=IntegerField()
            )
        )
    )


def social_rental_share(matching):
    """How many projects fall in each band of social rental share: one grouped query, a bounded
    number of rows whatever the size of the catalogue (the per-project values are in the CSV of
    ``social_rental_share_per_project``)."""
    bucket = Case(
        When(share_permille__gte=1000, then=Value(SHARE_BUCKETS)),
        default=F("share_permille") / 100,
        output_field=IntegerField(),
    )
    counts = {
        row["bucket"]: row["projects"]
        for row in _social_rental_shares(matching)
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(projects=Count("pk", distinct=True))
        .order_by()
    }
    table = []
    if counts:
        for index in range(SHARE_BUCKETS + 1):
            if index == SHARE_BUCKETS:
                label = _("100 % (tout en locatif social)")
            else:
                label = _("de %(low)d à moins de %(high)d %%") % {"low": index * 10, "high": index * 10 + 10}
            table.append(
                {"label": label, "chart_label": label, "projects": counts.get(index, 0), "category": SOCIAL_RENTAL}
            )
    return Chart(
        slug="part-locatif-social",
        title=_("Projets selon la part du locatif social"),
        explanation=_(
            "Pour chaque projet dont le nombre total de logements et au moins un statut d'occupation sont "
            "connus : logements en locatif social (PLUS, PLAI, PLS ou catégorie seule) divisés par le total "
            "des logements, arrondi au dixième ; le projet compte une fois, dans sa tranche. Les logements dont "
            "les sources ne donnent pas le statut ne comptent dans aucune part. La part de chaque projet est "
            "dans le fichier CSV « par projet »."
        ),
        columns=[Column("label", _("Part du locatif social"), "label"), Column("projects", _("Projets"))],
        rows=table,
        value_key="projects",
        display_key="projects",
        swatches=False,
        per_project_csv=True,
        figcaption=_("Longueur des barres : nombre de projets dans chaque tranche, de la moins à la plus sociale."),
    )


SHARE_PER_PROJECT_COLUMNS = (
    ("slug", _("Identifiant")),
    ("name", _("Projet")),
    ("total_homes", _("Logements")),
    ("social_homes", _("Dont locatif social")),
    ("share", _("Part du locatif social (%)")),
    ("undescribed_homes", _("Logements sans statut précisé")),
)


def social_rental_share_per_project(matching, chunk_size=2000):
    """Rows (header first) of every project's share, most social first, read in chunks: the
    streamed CSV download behind the histogram."""
    yield [str(label) for _key, label in SHARE_PER_PROJECT_COLUMNS]
    rows = (
        _social_rental_shares(matching)
        .values("slug", "name", "total_homes", "social_homes", "described_homes", "share_permille")
        .order_by("-share_permille", "name", "pk")
    )
    for row in rows.iterator(chunk_size=chunk_size):
        yield [
            row["slug"],
            neutralise(row["name"]),
            row["total_homes"],
            row["social_homes"],
            format((Decimal(row["share_permille"]) / 10).quantize(Decimal("0.1")), "f"),
            max(0, row["total_homes"] - row["described_homes"]),
        ]


CHART_BUILDERS = {
    "statuts": homes_by_status,
    "categories": homes_by_category,
    "familles-organismes": projects_by_developer_family,
    "regions": projects_by_region,
    "annees-livraison": projects_by_delivery_year,
    "modes-intervention": projects_by_intervention_mode,
    "part-locatif-social": social_rental_share,
}


def all_charts(matching):
    return [build(matching) for build in CHART_BUILDERS.values()]


# --- Comparison: tenure mix as 100 % stacked bars ---------------------------------------------

STACK_LABEL_WIDTH = 200
STACK_BAR_WIDTH = 400
STACK_ROW_HEIGHT = 46
STACK_BAR_HEIGHT = 30
STACK_MIN_TEXT_WIDTH = 56  # narrower segments carry no text (the table has every figure)


def tenure_mix(project):
    """Homes per tenure category (+ undescribed homes), with percentages summing to exactly 100.

    Uses the prefetched tenure lines. Returns ``None`` when neither the total nor any line is known.
    """
    groups = {code: {"homes": 0, "statuses": []} for code in (*CATEGORY_ORDER, UNKNOWN)}
    for line in project.tenure_lines.all():
        group = groups[line.effective_category]
        group["homes"] += line.homes
        group["statuses"].append(
            {"label": line.display_label if line.status_id else _("statut non précisé"), "homes": line.homes}
        )
    described = sum(group["homes"] for group in groups.values())
    base = max(project.total_homes or 0, described)
    if not base:
        return None
    groups[UNKNOWN]["homes"] = base - described
    codes = [code for code in groups if groups[code]["homes"]]
    tenths = apportion([groups[code]["homes"] for code in codes], 1000)
    widths = apportion([groups[code]["homes"] for code in codes], STACK_BAR_WIDTH)
    segments, x = [], STACK_LABEL_WIDTH
    for code, share, width in zip(codes, tenths, widths, strict=True):
        segments.append(
            {
                "category": code,
                "label": category_label(code),
                "homes": groups[code]["homes"],
                "statuses": groups[code]["statuses"],
                "percent": Decimal(share) / 10,
                "x": x,
                "width": width,
                "text_x": x + width // 2,  # integers only: templates localise floats ("400,5")
                "show_text": width >= STACK_MIN_TEXT_WIDTH,
            }
        )
        x += width
    return {
        "base": base,
        "described": described,
        "total_known": project.total_homes is not None,
        "segments": segments,
        "by_category": {segment["category"]: segment for segment in segments},
    }


def category_label(code):
    return _("Statut non précisé par les sources") if code == UNKNOWN else TenureCategory(code).label


def stacked_layout(items):
    """Rows of 100 % bars, one per compared project; ``items`` carry ``project`` and ``mix``."""
    rows = []
    for index, item in enumerate(items):
        y = index * STACK_ROW_HEIGHT
        lines = wrap_label(item["project"].name, 26)
        if len(lines) == 1:
            tspans = [{"y": y + 24, "text": lines[0]}]
        else:
            tspans = [{"y": y + 16, "text": lines[0]}, {"y": y + 31, "text": lines[1]}]
        rows.append(
            {
                "project": item["project"],
                "mix": item["mix"],
                "bar_y": y + 4,
                "text_y": y + 24,
                "label_tspans": tspans,
                "wrapped": len(lines) > 1,
            }
        )
    return {
        "rows": rows,
        "width": STACK_LABEL_WIDTH + STACK_BAR_WIDTH + 10,
        "height": max(len(rows), 1) * STACK_ROW_HEIGHT,
        "label_x": STACK_LABEL_WIDTH - 8,
        "bar_height": STACK_BAR_HEIGHT,
        "empty_x": STACK_LABEL_WIDTH + 6,
    }


def mix_table(items, categories):
    """The data table of the stacked bars: one row per category, one cell per compared project."""
    rows = [
        {
            "code": category["code"],
            "label": category["label"],
            "cells": [item["mix"]["by_category"].get(category["code"]) if item["mix"] else None for item in items],
        }
        for category in categories
    ]
    totals = [item["mix"] for item in items]
    return {"rows": rows, "totals": totals}


def mix_categories(items):
    """The categories present in at least one compared project, in the fixed order (unknown last)."""
    present = {code for item in items if item["mix"] for code in item["mix"]["by_category"]}
    return [{"code": code, "label": category_label(code)} for code in (*CATEGORY_ORDER, UNKNOWN) if code in present]
