"""The rows of the exports: one dict per project, streamed in chunks with their related rows."""

from datetime import date
from itertools import islice

from django.urls import reverse
from django.utils import timezone

from projects.citations import citation_template, day_text
from projects.models import TenureCategory, TenureStatus

from .children import chunk_related
from .columns import PROJECT_FIELDS, columns

CHUNK_SIZE = 1000
# A line that gives only "ownership, social or free" leaves both ownership categories uncertain.
COVERS: dict[str, tuple[str, ...]] = {  # looked up by category code
    TenureCategory.OWNERSHIP_UNSPECIFIED: (TenureCategory.SOCIAL_OWNERSHIP, TenureCategory.FREE_MARKET),
}


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
        """ISO 8601 in local time, to the second; a text is that already (``csv_plan.dates_as_text``)."""
        if type(value) is str:
            return value
        return value.astimezone(self.timezone).isoformat(timespec="seconds") if value else None

    def day(self, value):
        """ "3 mars 2025" for a datetime (or its local ISO text), formatted once per day (formatting is slow)."""
        if type(value) is str:
            key = value[:10]
            if key not in self._days:
                self._days[key] = day_text(date.fromisoformat(key))
            return self._days[key]
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

        by_status: dict[int, int] = {}
        by_category: dict[str, int] = {}
        category_only: set[str] = set()
        described = 0
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
        return self.homes_of_status(status.pk, status.category)

    def homes_of_status(self, status_id, category):
        """``status_homes`` from the status's key and category (read once per export, not per row)."""
        if status_id in self.by_status:
            return self.by_status[status_id]
        # Zero only when every home is described and none may hide in a category-only line.
        return 0 if self.complete and category not in self.uncertain else None

    def category_homes(self, category):
        if category in self.by_category:
            return self.by_category[category]
        return 0 if self.complete and category not in self.uncertain else None


def export_queryset(filterset):
    """The filtered published projects, in the filter's order, as dicts of the fields rows use."""
    return filterset.qs.with_opening().values(*PROJECT_FIELDS)


def project_chunks(queryset, context, size=CHUNK_SIZE, read_related=chunk_related):
    """``size`` projects at a time (a server-side cursor on PostgreSQL), each chunk with its related
    rows (``children.chunk_related``: one query on PostgreSQL); a chunk is released before the next
    is read."""
    projects = queryset.iterator(chunk_size=size)
    while True:
        chunk = list(islice(projects, size))
        if not chunk:
            return
        related = read_related([project["pk"] for project in chunk], context.base_url, queryset.db)
        yield chunk, related
        del chunk, related


def row_chunks(queryset, context, size=CHUNK_SIZE, read_related=chunk_related):
    """The rows of ``size`` projects at a time: per chunk, a list of value lists in column order
    (JSON types: lists, numbers, None). ``write_csv`` formats them cell by cell: the generic path,
    the reference that the CSV's row plan (``csv_plan``) must equal byte for byte."""
    getters = [column.value for column in context.columns]
    for chunk, related in project_chunks(queryset, context, size, read_related):
        yield [[get(facts) for get in getters] for facts in (Facts(p, related[p["pk"]], context) for p in chunk)]
        del chunk, related  # released before the next chunk is read


def rows(queryset, context, size=CHUNK_SIZE):
    """One dict per project, keys in column order, values as JSON types (lists, numbers, None)."""
    columns = context.columns
    for chunk, related in project_chunks(queryset, context, size):
        for project in chunk:
            facts = Facts(project, related[project["pk"]], context)
            yield {column.name: column.value(facts) for column in columns}
        del chunk, related, project, facts  # released before the next chunk is read
