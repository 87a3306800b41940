"""SVG path geometry for scripts/build_map.py: parse a path's commands into points (Bézier curves
and arcs sampled), its bounding box, rounded rectangles, rounding of coordinates."""

import math
import re

DECIMALS = 2


TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}


def _bezier_points(p0, controls, p3, steps=8):
    """Points along a quadratic or cubic Bézier curve (enough for a bounding box)."""
    pts = [p0, *controls, p3]
    n = len(pts) - 1
    out = []
    for i in range(1, steps + 1):
        t = i / steps
        x = y = 0.0
        for k, (px, py) in enumerate(pts):
            coef = math.comb(n, k) * (1 - t) ** (n - k) * t**k
            x += coef * px
            y += coef * py
        out.append((x, y))
    return out


def _arc_points(x1, y1, rx, ry, phi_deg, large_arc, sweep, x2, y2, steps=12):
    """Points along an elliptical arc (SVG 1.1 implementation notes, F.6.5)."""
    if rx == 0 or ry == 0 or (x1, y1) == (x2, y2):
        return [(x2, y2)]
    rx, ry = abs(rx), abs(ry)
    phi = math.radians(phi_deg)
    cos_phi, sin_phi = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    x1p, y1p = cos_phi * dx + sin_phi * dy, -sin_phi * dx + cos_phi * dy
    scale = (x1p / rx) ** 2 + (y1p / ry) ** 2
    if scale > 1:
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    num = rx**2 * ry**2 - rx**2 * y1p**2 - ry**2 * x1p**2
    den = rx**2 * y1p**2 + ry**2 * x1p**2
    coef = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large_arc == sweep:
        coef = -coef
    cxp, cyp = coef * rx * y1p / ry, -coef * ry * x1p / rx
    cx = cos_phi * cxp - sin_phi * cyp + (x1 + x2) / 2
    cy = sin_phi * cxp + cos_phi * cyp + (y1 + y2) / 2

    def angle(ux, uy, vx, vy):
        return math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)

    theta1 = angle(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry)
    delta = angle((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry)
    if not sweep and delta > 0:
        delta -= 2 * math.pi
    elif sweep and delta < 0:
        delta += 2 * math.pi
    out = []
    for i in range(1, steps + 1):
        t = theta1 + delta * i / steps
        ex, ey = rx * math.cos(t), ry * math.sin(t)
        out.append((cos_phi * ex - sin_phi * ey + cx, sin_phi * ex + cos_phi * ey + cy))
    out[-1] = (x2, y2)
    return out


def path_points(d):
    """Absolute points of an SVG path (every command, relative or absolute; curves sampled)."""
    tokens = TOKEN.findall(d)
    points = []
    x = y = start_x = start_y = 0.0
    last_control = None  # reflected by S/T
    last_command = None
    command = None
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz":
                x, y = start_x, start_y
                last_control, last_command = None, "Z"
                continue
        elif command is None:
            raise ValueError(f"path data does not start with a command: {d[:40]!r}")
        upper = command.upper()
        arity = ARITY[upper]
        if arity == 0:
            raise ValueError(f"numbers after a closepath in {d[:40]!r}")
        raw = tokens[i : i + arity]
        if len(raw) < arity or any(value.isalpha() for value in raw):
            raise ValueError(f"truncated {command} command in {d[:40]!r}")
        args = [float(value) for value in raw]
        i += arity
        relative = command.islower()
        ox, oy = (x, y) if relative else (0.0, 0.0)
        if upper == "M":
            x, y = ox + args[0], oy + args[1]
            start_x, start_y = x, y
            points.append((x, y))
            command = "l" if relative else "L"  # implicit lineto after the first pair
            last_control = None
        elif upper == "L":
            x, y = ox + args[0], oy + args[1]
            points.append((x, y))
            last_control = None
        elif upper == "H":
            x = (x if relative else 0.0) + args[0]
            points.append((x, y))
            last_control = None
        elif upper == "V":
            y = (y if relative else 0.0) + args[0]
            points.append((x, y))
            last_control = None
        elif upper in "CS":
            if upper == "C":
                c1 = (ox + args[0], oy + args[1])
                c2, end = (ox + args[2], oy + args[3]), (ox + args[4], oy + args[5])
            else:
                c1 = (
                    (2 * x - last_control[0], 2 * y - last_control[1])
                    if last_command in "CS" and last_control
                    else (x, y)
                )
                c2, end = (ox + args[0], oy + args[1]), (ox + args[2], oy + args[3])
            points.extend(_bezier_points((x, y), [c1, c2], end))
            x, y = end
            last_control = c2
        elif upper in "QT":
            if upper == "Q":
                c1, end = (ox + args[0], oy + args[1]), (ox + args[2], oy + args[3])
            else:
                c1 = (
                    (2 * x - last_control[0], 2 * y - last_control[1])
                    if last_command in "QT" and last_control
                    else (x, y)
                )
                end = (ox + args[0], oy + args[1])
            points.extend(_bezier_points((x, y), [c1], end))
            x, y = end
            last_control = c1
        elif upper == "A":
            end = (ox + args[5], oy + args[6])
            points.extend(_arc_points(x, y, args[0], args[1], args[2], bool(args[3]), bool(args[4]), *end))
            x, y = end
            last_control = None
        last_command = upper
    if not points:
        raise ValueError("empty path")
    return points


def bounding_box(d):
    points = path_points(d)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def rounded_rect_path(x, y, width, height, radius):
    r = radius
    return (
        f"M{x + r:g},{y:g}h{width - 2 * r:g}a{r:g},{r:g} 0 0 1 {r:g},{r:g}v{height - 2 * r:g}"
        f"a{r:g},{r:g} 0 0 1 {-r:g},{r:g}h{-(width - 2 * r):g}a{r:g},{r:g} 0 0 1 {-r:g},{-r:g}"
        f"v{-(height - 2 * r):g}a{r:g},{r:g} 0 0 1 {r:g},{-r:g}z"
    )


def rnd(value, decimals=DECIMALS):
    value = round(value, decimals)
    return 0.0 if value == 0 else value
