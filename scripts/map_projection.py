"""The lon/lat → x/y projection of scripts/build_map.py: least-squares fit of the label points
against the centre of each département's communes (Mercator latitude), and the inset frames."""

import csv
import gzip
import json
import math
from pathlib import Path

from svg_paths import rnd

BASE_DIR = Path(__file__).resolve().parent.parent
GEO_DATA = BASE_DIR / "geo" / "data"


def linear_fit(xs, ys):
    """Least squares y = a·x + b; returns (a, b, rms residual)."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    a = sxy / sxx
    b = mean_y - a * mean_x
    rms = math.sqrt(sum((a * x + b - y) ** 2 for x, y in zip(xs, ys, strict=True)) / n)
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
                row["dep"],
                {"lat": 0.0, "lon": 0.0, "n": 0, "min_lat": lat, "max_lat": lat, "min_lon": lon, "max_lon": lon},
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


def commune_points(projection, data_dir=GEO_DATA):
    """{département code: [(x, y)]}: every commune with coordinates, through the global fit."""
    (a, b), (c, d) = projection["x"], projection["y"]
    points = {}
    with gzip.open(data_dir / "communes.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["lat"] and row["lon"]:
                x, y = a * float(row["lon"]) + b, c * mercator(float(row["lat"])) + d
                points.setdefault(row["dep"], []).append((x, y))
    return points


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
