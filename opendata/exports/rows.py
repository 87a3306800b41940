"""The rows of the exports: one dict per project, streamed in chunks with their related rows."""

from itertools import islice

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from common.lookups import Ids
from projects.citations import citation_template, day_text
from projects.models import (
    ActorRole,
    Certainty,
    FieldCertainty,
    Photo,
    Project,
    ProjectActor,
    ProjectOpening,
    ProjectSource,
    TenureCategory,
    TenureLine,
    TenureStatus,
)

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


class Related(dict):
    """One project's related rows by kind (``tenure``, ``modes``, ``developers``, ``developer_slugs``,
    ``families``, ``actors``, ``sources``, ``source_slugs``, ``photos``, ``certainties``,
    ``field_certainties``, ``opening_tenures``). A kind without rows reads as a new empty list that is
    not stored: a chunk keeps only the lists that hold something (fewer live objects for the garbage
    collector to walk, a third of the CPU of an export before). Add rows with ``add``."""

    __slots__ = ()

    def __missing__(self, kind):
        return []

    def add(self, kind, value):
        self.setdefault(kind, []).append(value)


def related_rows(ids, base_url=""):
    """The tenure lines, modes, actors, sources, photos, certainties and opening tenures of some projects:
    seven queries, whatever their number."""
    related = {pk: Related() for pk in ids}
    ids = Ids(ids)  # one value for the seven queries (see common.lookups)
    for project_id, status_id, category, homes, code, certainty in TenureLine.objects.filter(
        project_id__any_of=ids
    ).values_list("project_id", "status_id", "category", "homes", "status__code", "certainty"):
        related[project_id].add("tenure", (status_id, category, homes))
        if certainty != Certainty.AS_WRITTEN:
            related[project_id].add("certainties", f"tenure {code or category}: {certainty}")
    modes = Project.intervention_modes.through.objects.filter(project_id__any_of=ids).order_by(
        "interventionmode__position", "interventionmode__code"
    )
    for project_id, code in modes.values_list("project_id", "interventionmode__code"):
        related[project_id].add("modes", code)
    actors = ProjectActor.objects.filter(project_id__any_of=ids).order_by("role", "organism__name", "pk")
    for project_id, role, name, slug, family, certainty in actors.values_list(
        "project_id", "role", "organism__name", "organism__slug", "organism__family", "certainty"
    ):
        entry = related[project_id]
        if certainty != Certainty.AS_WRITTEN:
            entry.add("certainties", f"actor {slug} {role}: {certainty}")
        entry.add("actors", f"{name} ({role})")
        if role == ActorRole.DEVELOPER:
            entry.add("developers", name)
            entry.add("developer_slugs", slug)
            if family:
                entry.add("families", family)
    citations = ProjectSource.objects.filter(project_id__any_of=ids).order_by("source__title", "locator", "pk")
    for project_id, title, slug, locator in citations.values_list(
        "project_id", "source__title", "source__slug", "locator"
    ):
        related[project_id].add("sources", f"{title} ({locator})" if locator else title)
        related[project_id].add("source_slugs", slug)
    photos = Photo.objects.filter(project_id__any_of=ids).order_by("position", "pk")
    for project_id, image, credit, licence in photos.values_list("project_id", "image", "credit", "licence"):
        url = default_storage.url(image)
        related[project_id].add("photos", (base_url + url if url.startswith("/") else url, credit, licence))
    fields = FieldCertainty.objects.filter(project_id__any_of=ids).exclude(certainty=Certainty.AS_WRITTEN)
    for project_id, name, certainty in fields.order_by("field", "pk").values_list("project_id", "field", "certainty"):
        related[project_id].add("field_certainties", f"{name}: {certainty}")
    tenures = ProjectOpening.tenures.through.objects.filter(projectopening__project_id__any_of=ids).order_by(
        "tenurestatus__position", "tenurestatus__code"
    )
    for project_id, code in tenures.values_list("projectopening__project_id", "tenurestatus__code"):
        related[project_id].add("opening_tenures", code)
    return related


def _project_chunks(queryset, context, size):
    """``size`` projects at a time (a server-side cursor on PostgreSQL), each chunk with its related
    rows (one query per kind); a chunk is released before the next is read."""
    projects = queryset.iterator(chunk_size=size)
    while True:
        chunk = list(islice(projects, size))
        if not chunk:
            return
        related = related_rows([project["pk"] for project in chunk], context.base_url)
        yield chunk, related
        del chunk, related


def row_chunks(queryset, context, size=CHUNK_SIZE):
    """The rows of ``size`` projects at a time: per chunk, a list of value lists in column order
    (JSON types: lists, numbers, None). The CSV writer formats a whole chunk at once."""
    getters = [column.value for column in context.columns]
    for chunk, related in _project_chunks(queryset, context, size):
        yield [[get(facts) for get in getters] for facts in (Facts(p, related[p["pk"]], context) for p in chunk)]
        del chunk, related  # released before the next chunk is read


def rows(queryset, context, size=CHUNK_SIZE):
    """One dict per project, keys in column order, values as JSON types (lists, numbers, None)."""
    columns = context.columns
    for chunk, related in _project_chunks(queryset, context, size):
        for project in chunk:
            facts = Facts(project, related[project["pk"]], context)
            yield {column.name: column.value(facts) for column in columns}
        del chunk, related, project, facts  # released before the next chunk is read
