"""Build ``eligibility/data/zoning_abc.csv.gz`` (INSEE code → zone A bis / A / B1 / B2 / C) from the
ministry's zoning list of communes.

Input: the CSV « zonage A/B/C » (columns CODGEO;REG;DEP;LIBGEO;<zone>;…), as shipped in the
openfisca-france wheel (``openfisca_france/assets/zonage-communes/zonage-abc-juillet-2024.csv``:
zoning in force since 5 July 2024, arrêté du 1er août 2014 as amended by the arrêté du 5 juillet
2024). The data is the State's (Licence Ouverte); only this file is read, no openfisca code.

    pip download --no-deps openfisca-france -d /tmp/of && unzip -q /tmp/of/*.whl -d /tmp/of/x
    python scripts/build_abc_zoning.py /tmp/of/x/openfisca_france/assets/zonage-communes/zonage-abc-juillet-2024.csv

The output is sorted and written without a timestamp (gzip mtime 0): rebuilding from the same
input gives the same bytes.
"""

import csv
import gzip
import io
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "eligibility" / "data" / "zoning_abc.csv.gz"
ZONES = {"Abis", "A", "B1", "B2", "C"}


def build(source: Path) -> int:
    rows = []
    with source.open(encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        zone_column = next(i for i, name in enumerate(header) if name.startswith("Zone en vigueur"))
        for row in reader:
            insee, zone = row[0].strip(), row[zone_column].strip().replace(" ", "")
            if zone == "Abis" or zone in ZONES:
                rows.append((insee, zone))
            else:
                raise ValueError(f"unknown zone {zone!r} for {insee}")
    rows.sort()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["insee", "zone"])
    writer.writerows(rows)
    with OUTPUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(text.getvalue().encode())
    return len(rows)


if __name__ == "__main__":
    print(build(Path(sys.argv[1])), "communes written to", OUTPUT)
