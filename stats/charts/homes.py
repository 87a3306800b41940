"""Charts that count homes (by tenure status, by category) and the social rental share of projects."""

from collections.abc import Iterator
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.spreadsheets import neutralise
from projects.models import TenureCategory, TenureLine

from .base import CATEGORY_ORDER, SOCIAL_RENTAL, Chart, Column, _projects, percent


def overview(matching: QuerySet) -> dict:
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


def homes_by_status(matching: QuerySet) -> Chart:
    rows = (
        TenureLine.objects.filter(project__in=matching)
        .values(
            "status__code", "status__short_name", "status__name", "status__category", "status__position", "category"
        )
        .annotate(homes=Sum("homes"), projects=Count("project", distinct=True))
        .order_by()
    )
    # Statuses in their reference order, then the category-only lines in the category order.
    ordered = sorted(
        rows,
        key=lambda row: (
            row["status__code"] is None,
            row["status__position"] or 0,
            row["status__short_name"] or "",
            CATEGORY_ORDER.index(row["category"]) if row["category"] else 0,
        ),
    )
    table = []
    for row in ordered:
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


def homes_by_category(matching: QuerySet) -> Chart:
    rows = (
        TenureLine.objects.filter(project__in=matching)
        # Named apart from the model's ``effective_category`` property (same meaning, computed in SQL).
        .annotate(line_category=Coalesce(F("status__category"), NullIf(F("category"), Value(""))))
        .values("line_category")
        .annotate(homes=Sum("homes"), projects=Count("project", distinct=True))
        .order_by()
    )
    found = {row["line_category"]: row for row in rows}
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


SHARE_BUCKETS = 10  # histogram bins of 10 points, plus one for projects entirely in social rental


def _social_rental_shares(matching: QuerySet) -> QuerySet:
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


def share_bucket_counts(matching: QuerySet) -> dict[int, int]:
    """{band: projects}: the tenure lines grouped per project in ONE pass (no correlated subquery per
    project: 5.1 s → 3.0 s at 100,000 projects), the bands counted over that grouping. The same
    integer arithmetic as ``_social_rental_shares`` (its values are the per-project CSV's)."""
    is_social_rental = Q(status__category=SOCIAL_RENTAL) | Q(category=SOCIAL_RENTAL)
    per_project = (
        TenureLine.objects.filter(project__in=matching, project__total_homes__gt=0)
        .values("project", "project__total_homes")
        .annotate(social=Coalesce(Sum("homes", filter=is_social_rental), 0))
        .annotate(
            share_permille=ExpressionWrapper(
                (F("social") * 1000 + F("project__total_homes") / 2) / F("project__total_homes"),
                output_field=IntegerField(),
            )
        )
        .values("share_permille")
        .order_by()
    )
    try:
        inner, params = per_project.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (e.g. an empty choice)
        return {}
    # Only the ORM's SQL and a constant are formatted in; the values stay bound parameters.
    sql = (
        f"SELECT CASE WHEN share_permille >= 1000 THEN {SHARE_BUCKETS} ELSE share_permille / 100 END AS bucket, "  # noqa: S608
        f"COUNT(*) FROM ({inner}) per_project GROUP BY 1"
    )
    with connections[per_project.db].cursor() as cursor:
        cursor.execute(sql, params)
        return {int(bucket): projects for bucket, projects in cursor.fetchall()}


def social_rental_share(matching: QuerySet) -> Chart:
    """How many projects fall in each band of social rental share: one grouped query, a bounded
    number of rows whatever the size of the catalogue (the per-project values are in the CSV of
    ``social_rental_share_per_project``)."""
    counts = share_bucket_counts(matching)
    table = []
    if counts:
        for index in range(SHARE_BUCKETS + 1):
            label: str | Promise
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


def social_rental_share_per_project(matching: QuerySet, chunk_size: int = 2000) -> Iterator[list]:
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
