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
    commune = project.commune  # no query when there is none
    if commune is not None:
        names += [commune.name, commune.department.name, commune.department.code, commune.department.region.name]
    former_region = project.former_region
    if former_region is not None:
        names.append(former_region.name)
    for actor in actors:
        names += [actor.organism.name, actor.organism.short_name]
    labels = []
    for line in tenure_lines:
        status = line.status
        if status is not None:
            labels += [status.short_name, status.name, status.get_category_display()]
        else:
            labels.append(line.get_category_display())
        labels.append(line.label_as_written)
    labels += [mode.name for mode in intervention_modes]
    labels += [project.get_participatory_family_display(), project.get_phase_display() if project.phase else ""]
    prose = [project.summary, project.description, project.neighbourhood, project.location_as_written]
    document = normalize(" ".join(str(part) for part in names + labels + prose if part))
    return document, normalize(" ".join(part for part in names if part))
