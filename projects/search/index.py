"""The one writer of the search texts: ``refresh_search_text(project_ids)``.

Whatever changes a text the search document reads (a project, its tenure lines, actors, modes,
or a tenure status, intervention mode, organism, commune, département, region renamed) only
*schedules* the projects concerned (``schedule_refresh``, called by ``projects.search.signals``);
they are refreshed once, after the transaction commits. Ids left pending by a rolled-back
transaction are refreshed by the next commit: harmless, a refresh is idempotent.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import translation

from ..models import Project
from .document import build_search_texts
from .fulltext import FTS_TABLE

CHUNK_SIZE = 500

# Pending project ids per thread and database alias (connections are per thread too).
_pending = threading.local()


def _pending_ids(using: str) -> set[int]:
    if not hasattr(_pending, "ids"):
        _pending.ids = {}
    return _pending.ids.setdefault(using, set())


def refresh_search_text(project_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> int:
    """Rebuild the search texts of the given projects (and on SQLite their FTS5 rows); return
    how many texts changed.

    A few queries per chunk of 500 projects, whatever their relations. Display labels (tenure
    categories, phases) are read in the site's language, never the editor's.
    """
    ids = sorted({int(pk) for pk in project_ids})
    _pending_ids(using).difference_update(ids)
    changed_count = 0
    with translation.override(settings.LANGUAGE_CODE):
        for start in range(0, len(ids), CHUNK_SIZE):
            projects = (
                Project.objects.using(using)
                .filter(pk__in=ids[start : start + CHUNK_SIZE])
                .select_related("commune__department__region", "former_region")
                .prefetch_related("actors__organism", "tenure_lines__status", "intervention_modes")
            )
            changed, rows = [], []
            for project in projects:
                document, names = build_search_texts(project)
                if (document, names) != (project.search_document, project.search_names):
                    project.search_document, project.search_names = document, names
                    changed.append(project)
                rows.append((project.pk, project.name, names, document))
            Project.objects.using(using).bulk_update(changed, ["search_document", "search_names"])
            _write_fts5(using, ids[start : start + CHUNK_SIZE], rows)
            changed_count += len(changed)
    return changed_count


def _write_fts5(using: str, ids: list[int], rows: list[tuple[int, str, str, str]]) -> None:
    """SQLite: the FTS5 rows of these projects replaced (deleted projects' rows removed).

    PostgreSQL needs nothing: its vector is a generated column of the project's row.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        marks = ", ".join("%s" for _ in ids)
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", ids)  # noqa: S608 — constant table, ids as parameters
        cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, name, names, document) VALUES (%s, %s, %s, %s)", rows)  # noqa: S608


def schedule_refresh(project_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh these projects' search texts once the current transaction commits (now in autocommit)."""
    pending = _pending_ids(using)
    pending.update(pk for pk in project_ids if pk is not None)
    if pending:
        # One callback per call: a callback registered in a rolled-back block is dropped, and the
        # next one then refreshes what was left; later callbacks of a transaction find nothing to do.
        transaction.on_commit(lambda: flush(using), using=using)


def flush(using: str = DEFAULT_DB_ALIAS) -> int:
    """Refresh whatever is pending on ``using`` (no query when nothing is)."""
    pending = _pending_ids(using)
    if not pending:
        return 0
    ids = list(pending)
    pending.clear()
    return refresh_search_text(ids, using=using)
