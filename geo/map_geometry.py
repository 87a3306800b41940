"""Plane geometry of the base map's shapes, without Django (``scripts/build_map.py`` uses it too).

The département outlines of ``geo/data/departments_map.json`` are polygons written with the
SVG commands M/L/H/V/Z (absolute or relative). This module parses them into rings, tests
whether a point is inside (even-odd rule over all rings, so islands count), moves a point
that is outside to the nearest point just inside, finds a point well inside a shape, and
writes simplified, rounded outlines for the small maps.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

Point = tuple[float, float]
Ring = list[Point]

_TOKEN = re.compile(r"[MmLlHhVvZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[A-Za-z]")
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1}


def parse_rings(d: str) -> list[Ring]:
    """The closed rings of a polygonal SVG path (M/L/H/V/Z, absolute or relative).

    Raises ValueError for curves or arcs (the overseas boxes have arcs: they need no rings).
    """
    tokens = _TOKEN.findall(d)
    rings: list[Ring] = []
    ring: Ring = []
    x = y = 0.0
    command = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            if token.upper() not in "MLHVZ":
                raise ValueError(f"unsupported path command {token!r}")
            command = token
            i += 1
            if command in "Zz":
                if ring:
                    x, y = ring[0]
                    rings.append(ring)
                ring = []
                continue
            continue
        if not command or command in "Zz":
            raise ValueError("number without a command")
        upper = command.upper()
        arity = _ARITY[upper]
        args = [float(value) for value in tokens[i : i + arity]]
        if len(args) < arity:
            raise ValueError("truncated command")
        i += arity
        relative = command.islower()
        if upper == "M":
            if ring:
                rings.append(ring)
            x, y = (x + args[0], y + args[1]) if relative else (args[0], args[1])
            ring = [(x, y)]
            command = "l" if relative else "L"
        elif upper == "L":
            x, y = (x + args[0], y + args[1]) if relative else (args[0], args[1])
            ring.append((x, y))
        elif upper == "H":
            x = x + args[0] if relative else args[0]
            ring.append((x, y))
        else:
            y = y + args[0] if relative else args[0]
            ring.append((x, y))
    if ring:
        rings.append(ring)
    return [r for r in rings if len(r) >= 3]


def _edges(rings: list[Ring]) -> Iterator[tuple[Point, Point]]:
    for ring in rings:
        previous = ring[-1]
        for current in ring:
            yield previous, current
            previous = current


def contains(rings: list[Ring], x: float, y: float) -> bool:
    """Even-odd point-in-polygon over all rings (a hole or a lake would count as outside)."""
    inside = False
    for (x1, y1), (x2, y2) in _edges(rings):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def distance_to_edges(rings: list[Ring], x: float, y: float) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in _edges(rings):
        best = min(best, _segment_distance(x, y, x1, y1, x2, y2)[0])
    return best


def _segment_distance(px: float, py: float, x1: float, y1: float, x2: float, y2: float) -> tuple[float, Point]:
    dx, dy = x2 - x1, y2 - y1
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length2))
    qx, qy = x1 + t * dx, y1 + t * dy
    return math.hypot(px - qx, py - qy), (qx, qy)


def move_inside(rings: list[Ring], x: float, y: float, inner: Point, margin: float = 0.6) -> Point:
    """The point itself when inside; else the nearest point of the outline, pushed ``margin``
    units inside; else (a narrow spot) the first point inside on the way to ``inner``."""
    if contains(rings, x, y):
        return x, y
    candidates = []
    for (x1, y1), (x2, y2) in _edges(rings):
        distance, nearest = _segment_distance(x, y, x1, y1, x2, y2)
        candidates.append((distance, nearest))
    candidates.sort(key=lambda item: item[0])
    for distance, (qx, qy) in candidates[:8]:
        # Step from the outline towards the inner point's side: across the edge, away from (x, y).
        ux, uy = (qx - x, qy - y) if distance > 1e-9 else (inner[0] - qx, inner[1] - qy)
        norm = math.hypot(ux, uy) or 1.0
        for step in (margin, margin / 2, margin / 4):
            nx, ny = qx + ux / norm * step, qy + uy / norm * step
            if contains(rings, nx, ny):
                return nx, ny
    # Along the segment towards the inner point: first entry, then a little further in.
    steps = 200
    for k in range(1, steps + 1):
        t = k / steps
        nx, ny = x + (inner[0] - x) * t, y + (inner[1] - y) * t
        if contains(rings, nx, ny):
            return nx, ny
    return inner


def inner_point(rings: list[Ring], grid: int = 40) -> Point:
    """A point well inside the shape (approximate pole of inaccessibility, on a grid then refined)."""
    xs = [p[0] for ring in rings for p in ring]
    ys = [p[1] for ring in rings for p in ring]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    best, best_point = -1.0, ((x0 + x1) / 2, (y0 + y1) / 2)
    step_x, step_y = (x1 - x0) / grid, (y1 - y0) / grid
    for _round in range(3):
        cx, cy = best_point
        for i in range(grid + 1):
            for j in range(grid + 1):
                px = cx - step_x * grid / 2 + i * step_x if _round else x0 + i * step_x
                py = cy - step_y * grid / 2 + j * step_y if _round else y0 + j * step_y
                if contains(rings, px, py):
                    distance = distance_to_edges(rings, px, py)
                    if distance > best:
                        best, best_point = distance, (px, py)
        step_x, step_y = step_x / 8, step_y / 8
    return best_point


def _simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker on an open polyline."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        x1, y1 = points[first]
        x2, y2 = points[last]
        worst, index = 0.0, -1
        for k in range(first + 1, last):
            distance = _segment_distance(points[k][0], points[k][1], x1, y1, x2, y2)[0]
            if distance > worst:
                worst, index = distance, k
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplified_path(rings: list[Ring], tolerance: float, decimals: int = 1, min_extent: float = 0.0) -> str:
    """A compact path (first point absolute, then relative moves) of the simplified rings;
    rings smaller than ``min_extent`` in both directions are dropped."""
    factor = 10**decimals
    parts = []
    for ring in rings:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        if max(xs) - min(xs) < min_extent and max(ys) - min(ys) < min_extent:
            continue
        points = _simplify([*ring, ring[0]], tolerance)[:-1]
        if len(points) < 3:
            continue
        scaled = [(round(px * factor), round(py * factor)) for px, py in points]
        out = [f"M{_num(scaled[0][0], factor)} {_num(scaled[0][1], factor)}"]
        previous = scaled[0]
        moves = []
        for point in scaled[1:]:
            dx, dy = point[0] - previous[0], point[1] - previous[1]
            if dx or dy:
                moves.append(f"{_num(dx, factor)} {_num(dy, factor)}")
            previous = point
        out.append("l" + " ".join(moves) if moves else "")
        parts.append("".join(out) + "z")
    return "".join(parts)


def _num(value: int, factor: int) -> str:
    text = f"{value / factor:.{len(str(factor)) - 1}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
