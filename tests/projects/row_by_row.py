"""The import's writing as it was before it was done in bulk (issue 19): one ``save()`` or
``delete()`` per row, its versions written by django-simple-history's signals. Kept verbatim as
the yardstick of ``tests/projects/test_imports_bulk.py``: the bulk import must leave the same
rows and the same versions (fields, user, reason) as this one."""

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext

from backoffice.spreadsheet.columns import CATEGORY_PREFIX, TENURE_PREFIX, line_tuple, tenure_key
from backoffice.spreadsheet.plan import Action
from caching.triggers import one_bump
from projects.models import (
    Project,
    ProjectActor,
    ProjectOpening,
    ProjectSource,
    ProjectTransition,
    PublicationStatus,
    TenureLine,
    TenureStatus,
)


@transaction.atomic
def apply_row_by_row(plan, user=None):
    """The import as it was written before issue 19 (one ``save()`` per row): the reference."""
    if plan.has_errors:
        raise ValueError("an import plan with errors cannot be applied")
    now = timezone.now()
    statuses = {status.code: status for status in TenureStatus.objects.all()}
    _fetch_children([row.project for row in plan.rows if row.project is not None])
    written = []
    with one_bump():
        for row in plan.rows:
            if row.action in (Action.CREATE, Action.UPDATE):
                written.append(_apply_row(row, now, statuses, user).pk)
    return written


def _fetch_children(projects):
    """The current children of every project the plan updates, in five queries (not five per row):
    read again here, inside the transaction, rather than trusted from the validation."""
    for project in projects:
        getattr(project, "_prefetched_objects_cache", {}).clear()
    prefetch_related_objects(
        projects,
        "intervention_modes",
        Prefetch("tenure_lines", queryset=TenureLine.objects.select_related("status", "source")),
        Prefetch("actors", queryset=ProjectActor.objects.select_related("organism", "source")),
        Prefetch("citations", queryset=ProjectSource.objects.select_related("source")),
        "openings",
    )


def _apply_row(row, now, statuses, user):
    is_new = row.project is None
    project = Project(slug=row.slug) if is_new else row.project
    previous_status = PublicationStatus.DRAFT if is_new else project.status
    kept = set()
    if not is_new:
        # Lines that go or change are removed first: the database checks "sum of lines <= total"
        # at every write, and the total may shrink together with the lines.
        for line in list(project.tenure_lines.all()):
            key = tenure_key(line)
            if key in row.tenure and row.tenure[key] != line_tuple(line):
                line.delete()
            else:
                kept.add(key)
    for name, value in row.values.items():
        setattr(project, name, value)
    project.status = row.status
    if row.status == PublicationStatus.PUBLISHED and project.published_at is None:
        project.published_at = now
    if user is not None:
        # Read by django-simple-history when it writes the version; not a declared model attribute.
        setattr(project, "_history_user", user)  # noqa: B010 — undeclared on Project, so no attribute assignment for mypy
    project.save()
    if row.status == PublicationStatus.PUBLISHED and previous_status != PublicationStatus.PUBLISHED:
        ProjectTransition.objects.create(
            project=project,
            action=ProjectTransition.Action.PUBLISH,
            from_status=previous_status,
            to_status=PublicationStatus.PUBLISHED,
            by=user,
            at=now,
            reason=gettext("Publié par un import de fichier."),
        )

    if row.modes is not None and (row.modes or not is_new):
        current = None if is_new else {mode.pk for mode in project.intervention_modes.all()}
        if current != {mode.pk for mode in row.modes}:
            project.intervention_modes.set(row.modes)
    for key, line in row.tenure.items():
        if line is None or key in kept:
            continue
        homes, label, source, locator = line
        target = (
            {"status": None, "category": key.removeprefix(CATEGORY_PREFIX)}
            if key.startswith(CATEGORY_PREFIX)
            else {"status": statuses[key.removeprefix(TENURE_PREFIX)], "category": ""}
        )
        TenureLine(
            project=project, homes=homes, label_as_written=label, source=source, locator=locator, **target
        ).save()
    if row.actors is not None:
        _replace(
            [] if is_new else list(project.actors.all()),
            lambda a: (a.organism, a.role, a.description, a.source),
            row.actors,
            lambda organism, role, description, source: ProjectActor(
                project=project, organism=organism, role=role, description=description, source=source
            ),
        )
    if row.citations is not None:
        _replace(
            [] if is_new else list(project.citations.all()),
            lambda c: (c.source, c.locator, c.facts),
            row.citations,
            lambda source, locator, facts: ProjectSource(project=project, source=source, locator=locator, facts=facts),
        )
    _apply_opening(project, row, statuses)
    return project


def _replace(current, key, wanted, build):
    """Make the children ``wanted`` (tuples): keep identical rows, delete the others, then create."""
    wanted = list(wanted)
    for child in current:
        if key(child) in wanted:
            wanted.remove(key(child))
        else:
            child.delete()
    for values in wanted:
        build(*values).save()


def _apply_opening(project, plan, statuses):
    """Write the opening a row describes (``()``: none)."""
    if plan.opening is None:
        return
    if not plan.opening:
        # The openings were read with the other children (``apply._fetch_children``): none, nothing to delete.
        known = getattr(project, "_prefetched_objects_cache", {}).get("openings")
        if known is None or known:
            ProjectOpening.objects.filter(project=project).delete()
        return
    status, as_of, homes, tenures, how_to_join = plan.opening
    opening, _created = ProjectOpening.objects.update_or_create(
        project=project,
        defaults={"status": status, "as_of": as_of, "homes_available": homes, "how_to_join": how_to_join},
    )
    opening.tenures.set([statuses[code] for code in sorted(tenures)])
