"""The map of a filtered project list: ``geo.maps`` draws, this module picks what to draw.

``geo.maps.MAX_MARKERS`` is read at call time (tests lower it).
"""

from geo import maps
from projects.models import ProjectQuerySet


def map_for_queryset(
    queryset: ProjectQuerySet, map_id: str = "carte", counts: dict[str, int] | None = None, total: int | None = None
) -> dict:
    """The map of a (filtered) project queryset: counts by département (one query unless given,
    e.g. from the list's cached facet counts) and, for at most ``maps.MAX_MARKERS`` projects, a marker each.

    For pages that already have the filtered queryset (the project list):
    ``context["france_map"] = map_for_queryset(self.filterset.qs)``.
    """
    if counts is None:
        counts = queryset.count_by_department()
    projects = queryset.select_related("commune__department").order_by("name", "pk")
    if total is None:
        first = list(projects[: maps.MAX_MARKERS + 1])
        if len(first) <= maps.MAX_MARKERS:
            return maps.build_map(counts, first, map_id=map_id)
        total = queryset.count()
    if total > maps.MAX_MARKERS:
        return maps.build_map(counts, None, map_id=map_id, project_count=total)
    return maps.build_map(counts, projects, map_id=map_id)
