"""The projects CSV from its rows' lines kept per catalogue version (issue 19: ≥ 30,000 rows/s).

Writing one row of 59 columns costs 55–80 µs of Python (its related rows, ``Facts``, the row plan,
``csv.writer``) however it is optimised, so an export of the whole catalogue took 15 s. A row
depends on nothing but its project (and what the catalogue version covers: its children, the
statuses that make the columns), the language, the delimiter, the site's address and the day (the
citation's « consulté le »). So each row's finished CSV line is kept in the ``exports`` cache
under (catalogue version, that variant, project id):

* the selection is read as ids only, in the filter's order, ``CHUNK_SIZE`` at a time (a server-side
  cursor on PostgreSQL);
* the chunk's lines are read in ONE ``get_many``; the projects whose line is missing are read, with
  their related rows, and written through the row plan (``csv_plan``), exactly as an export
  without the cache writes them, and stored in one ``set_many``;
* the lines are written in the selection's order.

A change to the catalogue gives new keys (the old ones expire); an export reads the version once,
before any row, so a line is never older than the version it is stored under. Without an
``exports`` cache (``EXPORT_ROWS_CACHE_SECONDS=0``, or settings that leave the alias out) every line
is computed, as before. tests/opendata/test_export_row_cache.py: the bytes equal the export computed
afresh, whatever was cached first.
"""

import csv
import hashlib
from collections.abc import Iterator
from itertools import islice

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet
from django.utils import translation

from caching.version import cached_many_per_version, catalogue_version
from common.lookups import Ids
from common.streaming import FLUSH_AT, TextBuffer
from projects.models import Project

from .children import chunk_related
from .columns import PROJECT_FIELDS
from .csv_plan import CsvPlan, dates_as_text
from .rows import CHUNK_SIZE, ExportContext

ALIAS = "exports"


def row_cache():
    """The cache that keeps the lines, or None when there is none."""
    if ALIAS not in settings.CACHES or line_seconds() <= 0:
        return None
    return caches[ALIAS]


def line_seconds() -> int:
    """How long a line is kept: ``EXPORT_ROWS_CACHE_SECONDS``, and never longer than half the life of
    a signed photo address (private S3 bucket: ``querystring_auth``), which a line may hold."""
    seconds = int(getattr(settings, "EXPORT_ROWS_CACHE_SECONDS", 0))
    if getattr(default_storage, "querystring_auth", False):
        seconds = min(seconds, int(getattr(default_storage, "querystring_expire", 3600)) // 2)
    return seconds


class _Lines(list):
    """A file for ``csv.writer`` that keeps each written row as one line (``writerow`` writes once)."""

    write = list.append


class RowLines:
    """The CSV lines of projects, by id, for one export's variant (language, delimiter, address, day)."""

    def __init__(self, context: ExportContext, delimiter: str, using: str | None = None):
        self.context = context
        self.plan = CsvPlan(context, decimal_comma=delimiter == ";")
        self.delimiter = delimiter
        self.using = using or DEFAULT_DB_ALIAS
        variant = "|".join(
            [
                translation.get_language() or "",
                delimiter,
                context.retrieved,
                context.base_url,
                getattr(context.timezone, "key", str(context.timezone)),
            ]
        )
        self.variant = hashlib.blake2b(variant.encode(), digest_size=8).hexdigest()

    def compute(self, ids: list[int]) -> dict[int, str]:
        """The lines of these projects, written through the row plan (published or not: the caller chose them)."""
        projects = Project.objects.using(self.using).filter(pk__any_of=Ids(ids)).with_opening()
        queryset = projects.values(*PROJECT_FIELDS)
        texts = dates_as_text(queryset, self.context)
        chunk = list(queryset if texts is None else texts)  # a thousand rows at most: no server-side cursor
        related = chunk_related([project["pk"] for project in chunk], self.context.base_url, self.using)
        lines = _Lines()
        writer = csv.writer(lines, delimiter=self.delimiter, lineterminator="\r\n")
        writer.writerows(self.plan.rows(chunk, related, dates_as_text=texts is not None))
        found = [project["pk"] for project in chunk]
        return dict(zip(found, lines, strict=True))

    def lines(self, ids: list[int], token: str, cache) -> list[str]:
        """The lines of ``ids`` in their order: cached ones read in one round trip, the others computed and stored."""
        if cache is None:
            computed = self.compute(ids)
            return [computed[pk] for pk in ids if pk in computed]
        keys = {f"xr:{self.variant}:{pk}": pk for pk in ids}

        def compute_missing(missing: list[str]) -> dict[str, str]:
            computed = self.compute([keys[key] for key in missing])
            return {key: computed[keys[key]] for key in missing if keys[key] in computed}

        cached = cached_many_per_version(list(keys), compute_missing, line_seconds(), in_cache=cache, token=token)
        return [cached[key] for key in keys if key in cached]  # a project deleted since its id was read: no line


def write_csv_by_lines(
    selection: QuerySet, context: ExportContext, delimiter: str = ",", bom: bool = False, size: int = CHUNK_SIZE
) -> Iterator[str]:
    """The projects CSV of ``selection`` (published projects, in the list's order), streamed
    ``FLUSH_AT`` characters at a time, each row's line from the cache when it holds it."""
    token = catalogue_version().token  # before any row is read: a line is never older than its key
    cache = row_cache()
    lines = RowLines(context, delimiter, selection.db)
    buffer = TextBuffer()
    if bom:
        buffer.write("\ufeff")  # so that spreadsheet software reads UTF-8 accents right
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerow(lines.plan.header)
    ids = selection.values_list("pk", flat=True).iterator(chunk_size=size)
    while chunk := list(islice(ids, size)):
        for line in lines.lines(chunk, token, cache):
            buffer.write(line)
        if buffer.size >= FLUSH_AT:
            yield buffer.drain()
    yield buffer.drain()
