"""What every statistics chart shares: the ``Chart`` and its columns, percentages, and the
filtered projects the aggregates run over.

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

from django.db.models import QuerySet
from django.utils.functional import Promise

from common.charts import bar_layout
from common.spreadsheets import neutralise
from projects.models import Project, TenureCategory

CATEGORY_ORDER = tuple(TenureCategory.values)
SOCIAL_RENTAL = TenureCategory.SOCIAL_RENTAL
UNKNOWN = "unknown"


@dataclass
class Column:
    key: str
    label: str | Promise  # often a lazy translation
    kind: str = "int"  # "label" (the row header), "text", "int" or "share" (a Decimal percentage)

    @property
    def numeric(self):
        return self.kind in ("int", "share")


@dataclass
class Chart:
    slug: str
    title: str | Promise  # the texts are often lazy translations
    explanation: str | Promise
    columns: list
    rows: list
    value_key: str  # the integer column the bars measure
    display_key: str  # what is written at the end of each bar
    max_value: int | None = None
    value_suffix: str = ""
    figcaption: str | Promise = ""
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


def percent(part: int, whole: int | None, places: int = 1) -> Decimal | None:
    """A rounded percentage as a Decimal (``None`` when the whole is unknown or zero)."""
    if not whole:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(quantum)


def matching_projects(filterset) -> QuerySet:
    """The primary keys of the filtered projects, as a subquery for the aggregates."""
    return filterset.qs.order_by().values("pk")


def _projects(matching: QuerySet) -> QuerySet:
    return Project.objects.filter(pk__in=matching)
