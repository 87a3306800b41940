"""The tenure lines, actors and sources an import writes, a table at a time: what goes is deleted
in one statement per table and what comes created in one, each with its versions (one per row, as
django-simple-history writes them on ``delete()`` and ``save()``)."""

from collections import defaultdict

from projects.models import ProjectActor, ProjectOpening, ProjectSource, TenureLine
from projects.models.history import bulk_versions

from .columns import CATEGORY_PREFIX, TENURE_PREFIX, line_tuple, tenure_key

CHUNK = 500  # ids per DELETE (SQLite binds one parameter per id)


class Current:
    """The current children of the projects an import updates, one query per table: read again
    inside the import's transaction rather than trusted from the validation (and without the
    prefetch machinery, which builds a queryset per project and relation: 1 s for 1,000 rows)."""

    def __init__(self, project_ids):
        self.lines = _grouped(TenureLine.objects.select_related("status", "source"), project_ids)
        self.actors = _grouped(ProjectActor.objects.select_related("organism", "source"), project_ids)
        self.citations = _grouped(ProjectSource.objects.select_related("source"), project_ids)
        openings = ProjectOpening.objects.filter(project_id__any_of=project_ids).prefetch_related("tenures")
        self.openings = {opening.project_id: opening for opening in openings}


def _grouped(queryset, project_ids):
    rows = defaultdict(list)
    for row in queryset.filter(project_id__any_of=project_ids):
        rows[row.project_id].append(row)
    return rows


class Children:
    def __init__(self, now, statuses, current):
        self.now = now
        self.statuses = statuses
        self.current = current
        self.gone = defaultdict(list)  # model -> rows to delete
        self.new = defaultdict(list)  # model -> rows to create

    def plan_row(self, row, project, is_new):
        """What the row deletes and creates (from ``Current``; nothing written)."""
        kept = set()
        if not is_new:
            for line in self.current.lines[project.pk]:
                key = tenure_key(line)
                if key in row.tenure and row.tenure[key] != line_tuple(line):
                    self.gone[TenureLine].append(line)
                else:
                    kept.add(key)
        for key, line in row.tenure.items():
            if line is None or key in kept:
                continue
            homes, label, source, locator = line
            target = (
                {"status": None, "category": key.removeprefix(CATEGORY_PREFIX)}
                if key.startswith(CATEGORY_PREFIX)
                else {"status": self.statuses[key.removeprefix(TENURE_PREFIX)], "category": ""}
            )
            self.new[TenureLine].append(
                TenureLine(
                    project=project, homes=homes, label_as_written=label, source=source, locator=locator, **target
                )
            )
        if row.actors is not None:
            self._replace(
                ProjectActor,
                [] if is_new else self.current.actors[project.pk],
                lambda a: (a.organism, a.role, a.description, a.source),
                row.actors,
                lambda organism, role, description, source: ProjectActor(
                    project=project, organism=organism, role=role, description=description, source=source
                ),
            )
        if row.citations is not None:
            self._replace(
                ProjectSource,
                [] if is_new else self.current.citations[project.pk],
                lambda c: (c.source, c.locator, c.facts),
                row.citations,
                lambda source, locator, facts: ProjectSource(
                    project=project, source=source, locator=locator, facts=facts
                ),
            )

    def _replace(self, model, current, key, wanted, build):
        """Make the children ``wanted`` (tuples): keep identical rows, delete the others, create the rest."""
        wanted = list(wanted)
        for child in current:
            if key(child) in wanted:
                wanted.remove(key(child))
            else:
                self.gone[model].append(child)
        self.new[model] += [build(*values) for values in wanted]

    def delete(self):
        """Delete what goes, with a version ("-") of each row. The rows go by a plain DELETE:
        ``QuerySet.delete()`` would send the delete signals row by row (a version per query)."""
        for model, rows in self.gone.items():
            bulk_versions(model, rows, "-", self.now)
            ids = [row.pk for row in rows]
            for start in range(0, len(ids), CHUNK):
                queryset = model.objects.filter(pk__any_of=ids[start : start + CHUNK])
                queryset._raw_delete(queryset.db)

    def create(self):
        """Create what comes (after the projects: new ones have their ids), with a version ("+") of each."""
        for model in (TenureLine, ProjectActor, ProjectSource):
            rows = model.objects.bulk_create(self.new[model])
            bulk_versions(model, rows, "+", self.now)
