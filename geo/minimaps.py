"""Small inline maps: a project's département (project page) and a radius around a place
("near a place" results). Drawn from the base map's outlines, simplified and rounded to stay
a few kilobytes; no tiles, no JavaScript. What does not depend on the request (outlines,
view boxes) is cached per process; the points use :func:`geo.projection.project_point`, so a
commune is drawn inside its own département.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .map_geometry import distance_to_edges, simplified_path
from .projection import MAP_DATA, department_rings, map_data, project_point

# Kilometres per degree of latitude (and of longitude at the equator).
KM_PER_DEGREE = 111.2
# Neighbours of a département, from geo/data/department_neighbours.json.
_NEIGHBOURS_FILE = "department_neighbours.json"


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, list[str]]:
    pairs = json.loads((MAP_DATA.parent / _NEIGHBOURS_FILE).read_text(encoding="utf-8"))
    neighbours: dict[str, list[str]] = {}
    for first, second in pairs:
        neighbours.setdefault(first, []).append(second)
        neighbours.setdefault(second, []).append(first)
    return {code: sorted(codes) for code, codes in neighbours.items()}


@lru_cache(maxsize=512)
def _outline(code: str, tolerance: float) -> str:
    """The simplified outline of a mainland département (islets under a tolerance dropped)."""
    return simplified_path(department_rings(code), tolerance, decimals=1, min_extent=tolerance * 2)


def _fit_box(x0: float, y0: float, x1: float, y1: float, padding: float, max_ratio: float = 1.4) -> list[float]:
    """A view box around a box, padded, and widened or heightened so it is never too thin."""
    width, height = x1 - x0 + 2 * padding, y1 - y0 + 2 * padding
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if width > height * max_ratio:
        height = width / max_ratio
    elif height > width * max_ratio:
        width = height / max_ratio
    return [round(cx - width / 2, 1), round(cy - height / 2, 1), round(width, 1), round(height, 1)]


def _view_box_text(box: list[float]) -> str:
    return " ".join(f"{value:g}" for value in box)


@lru_cache(maxsize=128)
def department_view(code: str) -> dict[str, Any] | None:
    """Outlines and view box of a département zoomed in, with its neighbours (None overseas)."""
    entry = map_data()["departments"].get(code)
    if not entry or entry.get("inset"):
        return None
    x0, y0, x1, y1 = entry["bbox"]
    size = max(x1 - x0, y1 - y0)
    box = _fit_box(x0, y0, x1, y1, padding=size * 0.12)
    tolerance = round(box[2] / 400, 3)  # about half a pixel at the map's widest (320 px)
    shapes = map_data()["departments"]
    neighbours = [
        {"code": other, "name": shapes[other]["name"], "d": _outline(other, tolerance * 2)}
        for other in _neighbours().get(code, [])
        if other in shapes and not shapes[other].get("inset")
    ]
    return {
        "view_box": _view_box_text(box),
        "box": box,
        "d": _outline(code, tolerance),
        "neighbours": neighbours,
        "marker_radius": round(box[2] / 45, 2),
    }


def project_map(commune: Any, department: Any) -> dict[str, Any] | None:
    """The small map of a project page: its département zoomed in, neighbours lightly drawn,
    the commune's point. ``commune`` and ``department`` are the objects the page already has
    (no query). None when there is nothing to draw (no coordinates, overseas, no shape)."""
    if commune is None or department is None or commune.latitude is None or commune.longitude is None:
        return None
    view = department_view(department.code)
    if view is None:
        return None
    point = project_point(commune.longitude, commune.latitude, department.code)
    if point is None:
        return None
    return {
        **view,
        "x": round(point[0], 2),
        "y": round(point[1], 2),
        "commune": commune.name,
        "department": department,
    }


def radius_in_map_units(latitude: float, radius_km: float) -> tuple[float, float]:
    """Half axes (x, y) of a circle of ``radius_km`` around a point at ``latitude`` on the main map.

    x = a·lon: one degree of longitude is 111.2·cos(lat) km; y = c·mercator(lat), whose
    derivative is 1/cos(lat): both give a·r / (111.2·cos(lat)), nearly a circle.
    """
    projection = map_data()["projection"]
    a, c = projection["x"][0], abs(projection["y"][0])
    per_km = 1 / (KM_PER_DEGREE * math.cos(math.radians(latitude)))
    return a * radius_km * per_km, c * radius_km * per_km


def _spread_same_place(markers: list[dict[str, Any]], distance: float) -> None:
    """Markers of the same commune go on a small circle around it, so each number shows."""
    groups: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for marker in markers:
        groups.setdefault((marker["x"], marker["y"]), []).append(marker)
    for (x, y), group in groups.items():
        if len(group) < 2:
            continue
        for index, marker in enumerate(group):
            angle = 2 * math.pi * index / len(group) - math.pi / 2
            marker["x"] = round(x + distance * math.cos(angle), 2)
            marker["y"] = round(y + distance * math.sin(angle), 2)


def near_map(commune: Any, radius_km: float, projects: Iterable[Any]) -> dict[str, Any] | None:
    """The map of "near a place" results: the place, the radius circle, the départements it
    crosses and the results numbered as in the list. None overseas or without coordinates."""
    if commune is None or commune.latitude is None or commune.longitude is None:
        return None
    data = map_data()["departments"]
    code = commune.department.code
    entry = data.get(code)
    if entry is None or entry.get("inset"):
        return None
    centre = project_point(commune.longitude, commune.latitude, code)
    if centre is None:
        return None
    cx, cy = centre
    rx, ry = radius_in_map_units(commune.latitude, radius_km)
    box = _fit_box(cx - rx, cy - ry, cx + rx, cy + ry, padding=max(rx, ry) * 0.08)
    tolerance = round(box[2] / 250, 3)  # under a pixel at 320 px wide
    radius = max(rx, ry)
    crossed = []
    for other, shape in sorted(data.items()):
        if shape.get("inset"):
            continue
        sx0, sy0, sx1, sy1 = shape["bbox"]
        if sx1 < cx - rx or sx0 > cx + rx or sy1 < cy - ry or sy0 > cy + ry:
            continue
        if other == code or distance_to_edges(department_rings(other), cx, cy) <= radius:
            crossed.append({"code": other, "name": shape["name"], "d": _outline(other, tolerance)})
    markers = []
    for number, project in enumerate(projects, start=1):
        place = project.commune
        if place is None or place.latitude is None or place.longitude is None:
            continue
        point = project_point(place.longitude, place.latitude, place.department.code)
        if point is None:
            continue
        markers.append({"number": number, "x": round(point[0], 2), "y": round(point[1], 2), "name": project.name})
    unit = box[2] / 36
    _spread_same_place(markers, unit * 1.2)
    return {
        "view_box": _view_box_text(box),
        "x": round(cx, 2),
        "y": round(cy, 2),
        "rx": round(rx, 2),
        "ry": round(ry, 2),
        "departments": crossed,
        "department_names": [item["name"] for item in crossed],
        "markers": markers,
        "marker_radius": round(unit, 2),
        "font_size": round(unit * 1.1, 2),
        # Wider than a marker: a result in the place itself leaves the square's corners visible.
        "place_size": round(unit * 2.6, 2),
        "place_x": round(cx - unit * 1.3, 2),
        "place_y": round(cy - unit * 1.3, 2),
        "commune": commune,
        "radius_km": radius_km,
    }
