"""What a project's search texts are made of (``search_document``, ``search_names``).

The texts read the project and its relations: commune, département, region, former region,
actors' organisms, tenure lines and their statuses, intervention modes. When any of these
changes, ``projects.search.signals`` schedules the affected projects for ``index.refresh_search_text``.
"""

from __future__ import annotations

from collections.abc import Iterable

from common.text import normalize

from ..models import InterventionMode, Project, ProjectActor, TenureLine


def build_search_texts(project: Project) -> tuple[str, str]:
    """Return (document, names) for one project, whose relations should be prefetched."""
    return search_texts(project, project.actors.all(), project.tenure_lines.all(), project.intervention_modes.all())


def search_texts(
    project: Project,
    actors: Iterable[ProjectActor],
    tenure_lines: Iterable[TenureLine],
    intervention_modes: Iterable[InterventionMode],
) -> tuple[str, str]:
    """``build_search_texts`` with the project's rows given."""
    names = [project.name]
    if project.commune_id:
        commune = project.commune
        names += [commune.name, commune.department.name, commune.department.code, commune.department.region.name]
    if project.former_region_id:
        names.append(project.former_region.name)
    for actor in actors:
        names += [actor.organism.name, actor.organism.short_name]
    labels = []
    for line in tenure_lines:
        if line.status_id:
            labels += [line.status.short_name, line.status.name, line.status.get_category_display()]
        else:
            labels.append(line.get_category_display())
        labels.append(line.label_as_written)
    labels += [mode.name for mode in intervention_modes]
    labels += [project.get_participatory_family_display(), project.get_phase_display() if project.phase else ""]
    prose = [project.summary, project.description, project.neighbourhood, project.location_as_written]
    document = normalize(" ".join(str(part) for part in names + labels + prose if part))
    return document, normalize(" ".join(part for part in names if part))
