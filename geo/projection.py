"""Where a commune's point goes on the base map (``geo/data/departments_map.json``).

Three steps (see docs/maps.md, "Projection"):

1. the global fit of ``scripts/build_map.py``: ``x = a·lon + b``, ``y = c·mercator(lat) + d``
   (about 2 px of residual, which leaves 0.8 % of communes just outside their own outline);
2. for a mainland département, if the point falls outside the département's outline, it
   moves to the nearest point of that outline, pushed a little inside
   (:func:`geo.map_geometry.move_inside`; the shape's ``inner`` point, computed at build time,
   is the fallback for narrow spots);
3. overseas départements use their box's own projection, clamped to its frame.

The outlines are parsed once per process (``lru_cache``); a point costs one point-in-polygon
test (a few hundred edges), and its result is cached too.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from .map_geometry import Ring, contains, distance_to_edges, move_inside, parse_rings

MAP_DATA = Path(__file__).resolve().parent / "data" / "departments_map.json"


@lru_cache(maxsize=1)
def map_data() -> dict[str, Any]:
    """The base map (read once per process)."""
    with MAP_DATA.open(encoding="utf-8") as handle:
        return json.load(handle)


def _mercator(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _affine(projection: dict[str, Any], lon: float, lat: float) -> tuple[float, float]:
    """x = a·lon + b; y = c·lat + d, or c·mercator(lat) + d for the main map (see scripts/build_map.py)."""
    a, b = projection["x"]
    c, d = projection["y"]
    ordinate = _mercator(lat) if projection.get("y_of") == "mercator" else lat
    return a * lon + b, c * ordinate + d


@lru_cache(maxsize=128)
def department_rings(code: str) -> list[Ring]:
    """The outline of a mainland département as polygon rings ([] for an overseas box or no shape)."""
    entry = map_data()["departments"].get(code)
    if not entry or entry.get("inset"):
        return []
    return parse_rings(entry["d"])


def inside_department(code: str, x: float, y: float) -> bool:
    """Whether a map point is inside the département's outline (overseas: inside its frame)."""
    entry = map_data()["departments"].get(code)
    if entry is None:
        return False
    if entry.get("inset"):
        fx, fy, fw, fh = entry["frame_box"]
        return fx <= x <= fx + fw and fy <= y <= fy + fh
    return contains(department_rings(code), x, y)


def global_point(lon: float, lat: float) -> tuple[float, float]:
    """The main map's global fit alone (for places, circles: no département to stay inside)."""
    return _affine(map_data()["projection"], lon, lat)


@lru_cache(maxsize=8192)
def project_point(lon: float, lat: float, department_code: str | None = None) -> tuple[float, float] | None:
    """Map coordinates of a point: in its overseas box when it has one, else on the main map,
    inside its département's outline when the code is given; None for an overseas
    département whose box has no projection."""
    data = map_data()
    entry = data["departments"].get(department_code or "")
    if entry and entry.get("inset"):
        if "projection" not in entry:
            return None
        x, y = _affine(entry["projection"], lon, lat)
        fx, fy, fw, fh = entry["frame_box"]
        # Communes of the département are inside the frame by construction; clamp the rest.
        return min(max(x, fx), fx + fw), min(max(y, fy), fy + fh)
    x, y = _affine(data["projection"], lon, lat)
    if entry and "inner" in entry:
        x, y = move_inside(department_rings(department_code or ""), x, y, tuple(entry["inner"]))
    return x, y


@lru_cache(maxsize=8192)
def marker_point(lon: float, lat: float, department_code: str, clearance: float) -> tuple[float, float] | None:
    """Where to draw a marker of radius ``clearance`` so that the whole dot is in its
    département, not only its centre: a point nearer the outline than that moves towards
    the shape's inner point, as far as needed (a coast town's dot is drawn just inland)."""
    point = project_point(lon, lat, department_code)
    entry = map_data()["departments"].get(department_code)
    if point is None or not entry or "inner" not in entry:
        return point
    rings = department_rings(department_code)
    x, y = point
    best, best_distance = point, distance_to_edges(rings, x, y)
    if best_distance >= clearance:
        return point
    ix, iy = entry["inner"]
    for step in range(1, 41):
        t = step / 40
        nx, ny = x + (ix - x) * t, y + (iy - y) * t
        if not contains(rings, nx, ny):
            continue
        distance = distance_to_edges(rings, nx, ny)
        if distance >= clearance:
            return nx, ny
        if distance > best_distance:
            best, best_distance = (nx, ny), distance
    return best
